#!/bin/sh
# GIT_ASKPASS for a private clone: the token comes from the environment of the one git process that clones
# (the agent feeds it on standard input); it is never written to a file.
case "$1" in
  Username*) echo x-access-token ;;
  *) printf '%s\n' "${NEXUS_CLONE_TOKEN:-}" ;;
esac
