# Prints (base64) a tar archive of what config loading and project detection read in /home/dev/workspace:
# regular files (never links) at the top, .nexus/config.y*ml, and the __init__.py of top-level and src/
# packages; at most 2 MB in all, so the agent never reads more than that from a workspace.
cd /home/dev/workspace 2>/dev/null || exit 0
total=0
{
  find . -maxdepth 1 -type f -size -1025k -print0
  find .nexus -maxdepth 1 -type f -name 'config.y*ml' -print0 2>/dev/null
  find . src -mindepth 2 -maxdepth 2 -type f -name __init__.py -size -1025k -print0 2>/dev/null
} | while IFS= read -r -d '' f; do
  size=$(stat -c %s -- "$f")
  total=$((total + size))
  [ "$total" -le 2097152 ] || break
  printf '%s\0' "$f"
done | tar -cf - --null --no-recursion -T - | base64 -w0
