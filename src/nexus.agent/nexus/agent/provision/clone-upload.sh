# Clones a checkout the user uploaded from their computer: a git bundle on standard input, made by the CLI
# (nexus.cli.upload). The branch they had checked out is checked out (or --branch NAME). Their uncommitted
# changes travel as the commit refs/nexus/uncommitted on top of it: its files are put back into the work tree,
# uncommitted again. refs/nexus/imported marks a directory imported as a new repository, so only later commits
# count as unpushed. origin points at UPSTREAM (what the user pushes to); without one there is no remote, but
# refs/remotes/origin/* stay: they record what the user's computer has, so those commits are not "unpushed".
# usage: clone-upload BUNDLE UPSTREAM [--branch NAME]
set -eu
bundle=$1 upstream=$2
shift 2
mkdir -p "$(dirname "$bundle")"
cat > "$bundle"
git clone -q "$@" -- "$bundle" /home/dev/workspace
cd /home/dev/workspace
git fetch -q "$bundle" '+refs/nexus/*:refs/nexus/*'
if git rev-parse -q --verify refs/nexus/uncommitted >/dev/null; then
  if [ "$(git rev-parse HEAD)" = "$(git rev-parse refs/nexus/uncommitted^)" ]; then
    git restore --source=refs/nexus/uncommitted --worktree -- .
  fi
  git update-ref -d refs/nexus/uncommitted
fi
if [ -n "$upstream" ]; then
  git remote set-url origin "$upstream"
else
  for branch in $(git for-each-ref --format='%(refname:short)' refs/heads); do
    git branch -q --unset-upstream "$branch" 2>/dev/null || true
  done
  git config --remove-section remote.origin
fi
rm -f "$bundle"
