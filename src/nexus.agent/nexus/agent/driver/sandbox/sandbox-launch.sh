# Runs a command for a sandbox from the host, as root: joins the sandbox's cgroups first (listed as their
# cgroup.procs files), so everything started in the sandbox counts against its limits; $$ stays the command's.
# usage: sandbox-launch CGROUP_COUNT CGROUP_PROCS_FILES… COMMAND…
n=$1
shift
while [ "$n" -gt 0 ]; do
  echo $$ >"$1" || exit 125
  shift
  n=$((n - 1))
done
exec "$@"
