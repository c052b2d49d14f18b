# Installs the agent's files (a tar archive on standard input, numeric owners) and prints the workspace's SSH
# host public keys as soon as nexus-init has created them on the first boot.
set -eu
# --overwrite: write existing files in place (some are bind mounts in a sandbox, which cannot be replaced)
tar -x -f - -C / --numeric-owner --overwrite
i=0
while [ ! -s /etc/ssh/ssh_host_ed25519_key.pub ] || [ ! -s /etc/ssh/ssh_host_ecdsa_key.pub ]; do
  i=$((i + 1))
  if [ "$i" -gt 400 ]; then
    echo "the workspace's SSH host keys were not created (is nexus-init running?)" >&2
    exit 1
  fi
  sleep 0.05
done
cat /etc/ssh/ssh_host_ed25519_key.pub /etc/ssh/ssh_host_ecdsa_key.pub
