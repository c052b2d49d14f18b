#!/bin/sh
# Runs once inside the freshly installed Nexus base image (chroot): the parts of every workspace that are the
# same for all of them. Per-workspace parts (host keys, authorized keys, hostname) happen at provisioning.
set -eu
if ! id dev >/dev/null 2>&1; then
  useradd --create-home --uid 1000 --user-group --shell /bin/bash dev
fi
# '*': no password can log in, but the account is not locked (sshd without PAM refuses locked accounts).
usermod -p '*' dev
printf 'dev ALL=(ALL) NOPASSWD:ALL\n' > /etc/sudoers.d/nexus-dev
chmod 0440 /etc/sudoers.d/nexus-dev
printf '%s\n' "$NEXUS_SSHD_CONFIG" > /etc/ssh/sshd_config.d/nexus.conf
# The image's own host keys would be shared by every clone: never ship them.
rm -f /etc/ssh/ssh_host_*
install -d -m 0755 /usr/local/sbin
cat > /usr/local/sbin/nexus-init   # standard input: the init script (no /dev/stdin in a bare chroot)
chmod 0755 /usr/local/sbin/nexus-init
apt-get clean
rm -rf /var/lib/apt/lists/* /usr/sbin/policy-rc.d
