# Clones a repository handed in as a git bundle on standard input, keeping the original location as origin.
# usage: clone-local BUNDLE ORIGIN [--branch NAME]
set -eu
bundle=$1 origin=$2
shift 2
cat > "$bundle"
git clone -q "$@" -- "$bundle" /home/dev/workspace
git -C /home/dev/workspace remote set-url origin "$origin"
rm -f "$bundle"
