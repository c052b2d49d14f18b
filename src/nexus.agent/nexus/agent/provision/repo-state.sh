#!/bin/sh
# Work in /home/dev/workspace that exists nowhere else, as "<uncommitted files> <unpushed commits>": files
# changed or untracked (not ignored), and commits on local branches that no remote-tracking ref has (for an
# imported repository without a remote: commits made after the import).
cd /home/dev/workspace 2>/dev/null && git rev-parse --git-dir >/dev/null 2>&1 || { echo "0 0"; exit 0; }
uncommitted=$(git status --porcelain=v1 2>/dev/null | wc -l)
if git rev-parse -q --verify refs/nexus/imported >/dev/null; then
  unpushed=$(git rev-list --count --branches --not --remotes refs/nexus/imported 2>/dev/null)
else
  unpushed=$(git rev-list --count --branches --not --remotes 2>/dev/null)
fi
echo "$uncommitted ${unpushed:-0}"
