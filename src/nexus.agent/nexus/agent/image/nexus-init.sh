#!/bin/sh
# Main process of a Nexus workspace, under tini (PID 1, reaps orphans, forwards SIGTERM). Service run state of
# a previous boot is stale: clear it. On the first boot, create this workspace's own SSH host keys. Then sshd.
# Output stays inside the workspace: the standard descriptors lead to a host log the workspace must not fill.
exec >>/var/log/nexus-init.log 2>&1
rm -rf /home/dev/.nexus/run
for type in ed25519 ecdsa; do
  [ -s /etc/ssh/ssh_host_${type}_key ] || ssh-keygen -q -t $type -N '' -f /etc/ssh/ssh_host_${type}_key
done
mkdir -p /run/sshd
exec /usr/sbin/sshd -D -e 2>>/var/log/sshd.log
