# Makes a fresh repository from files handed in as a tar archive on standard input; refs/nexus/imported marks
# the import commit so that only later commits count as unpushed work.
# usage: import-dir DESCRIPTION
set -eu
mkdir -p /home/dev/workspace
cd /home/dev/workspace
tar -x -f - --no-same-owner --no-same-permissions
git init -q -b main
git add -A
git -c user.name=Nexus -c user.email=nexus@localhost commit -q --allow-empty -m "$1"
git update-ref refs/nexus/imported HEAD
