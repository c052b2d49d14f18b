#!/bin/sh
# Runs the workspace's services detached from whoever asked, so they outlive the agent, and records each one's
# pid and (when it ends) exit code under /home/dev/.nexus/run: the agent supervises from those files, a new
# agent adopts running services from them. The command is the config's shell line, passed as one argument.
#
#   service-run start NAME DIR COMMAND   start (prints the pid once the service runs)
#   service-run stop NAME GRACE          SIGTERM to the service's process group, SIGKILL after GRACE seconds
#   service-run status                   "NAME PID RUNNING EXIT" per service (RUNNING 1/0, EXIT code or -),
#                                        and rotates logs past NEXUS_LOG_LIMIT bytes (copy, then truncate)
set -u
run=/home/dev/.nexus/run
logs=/home/dev/.nexus/logs
stamp() { date -u +%Y-%m-%dT%H:%M:%SZ; }

case "$1" in
start)
  name=$2 dir=$3 command=$4
  mkdir -p "$run" "$logs"
  rm -f "$run/$name.pid" "$run/$name.exit"
  setsid -f "$0" monitor "$name" "$dir" "$command" </dev/null >/dev/null 2>&1
  i=0
  while [ ! -s "$run/$name.pid" ]; do
    i=$((i + 1))
    [ "$i" -le 200 ] || { echo "service $name did not start" >&2; exit 1; }
    sleep 0.02
  done
  cat "$run/$name.pid"
  ;;
monitor)
  name=$2 dir=$3 command=$4
  log=$logs/$name.log
  printf '=== %s nexus: starting %s: %s\n' "$(stamp)" "$name" "$command" >>"$log"
  if ! cd "$dir" 2>>"$log"; then
    echo 0 >"$run/$name.pid"
    echo 126 >"$run/$name.exit"
    exit 0
  fi
  # Not a process group leader here, so setsid makes the service lead its own group without forking:
  # $! is the service, and stopping it signals everything it started.
  setsid /bin/bash -c "$command" </dev/null >>"$log" 2>&1 &
  pid=$!
  echo "$pid" >"$run/$name.pid.tmp" && mv -f "$run/$name.pid.tmp" "$run/$name.pid"
  wait "$pid"
  code=$?
  printf '=== %s nexus: %s exited with code %s\n' "$(stamp)" "$name" "$code" >>"$log"
  echo "$code" >"$run/$name.exit.tmp" && mv -f "$run/$name.exit.tmp" "$run/$name.exit"
  ;;
stop)
  name=$2 grace=$3
  pid=$(cat "$run/$name.pid" 2>/dev/null) || exit 0
  [ "$pid" -gt 1 ] 2>/dev/null || exit 0
  [ -f "$run/$name.exit" ] && exit 0
  # a negative pid is the process group (dash's kill takes no "--")
  kill -TERM "-$pid" 2>/dev/null || exit 0
  i=0
  while [ "$i" -lt $((grace * 10)) ] && kill -0 "-$pid" 2>/dev/null; do
    i=$((i + 1))
    sleep 0.1
  done
  kill -KILL "-$pid" 2>/dev/null
  i=0
  while [ ! -f "$run/$name.exit" ] && [ "$i" -lt 50 ]; do
    i=$((i + 1))
    sleep 0.02
  done
  exit 0
  ;;
status)
  limit=${NEXUS_LOG_LIMIT:-10485760}
  for f in "$run"/*.pid; do
    [ -e "$f" ] || continue
    name=$(basename "$f" .pid)
    pid=$(cat "$f" 2>/dev/null)
    if [ -f "$run/$name.exit" ]; then
      echo "$name ${pid:--} 0 $(cat "$run/$name.exit" 2>/dev/null || echo -)"
    elif [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then
      echo "$name $pid 1 -"
    else
      echo "$name ${pid:--} 0 -"
    fi
  done
  for log in "$logs"/*.log; do
    [ -f "$log" ] || continue
    if [ "$(stat -c %s "$log" 2>/dev/null || echo 0)" -gt "$limit" ]; then
      cp -f "$log" "$log.1" && : >"$log"
    fi
  done
  ;;
*)
  echo "usage: service-run start|stop|status …" >&2
  exit 2
  ;;
esac
