#!/bin/bash
# Health probe from inside the workspace, for a service that listens on 127.0.0.1 only (the agent probes from
# the host first). usage: probe tcp PORT | probe http PORT PATH   — exit 0 when healthy.
exec 3<>"/dev/tcp/127.0.0.1/$2" || exit 1
[ "$1" = tcp ] && exit 0
printf 'GET %s HTTP/1.0\r\nHost: localhost:%s\r\nConnection: close\r\n\r\n' "$3" "$2" >&3
IFS= read -r status <&3 || exit 1
case "$status" in
  "HTTP/1."[01]" "[23]*) exit 0 ;;
  *) exit 1 ;;
esac
