#!/usr/bin/env bash
# Installs Nexus for the current user: the `nexus` CLI and the `nexus-server` runtime (server + agent), linked
# into ~/.local/bin.
#
#   From a source checkout (what the README's quick start runs):
#     ./install.sh [--repo REPO] [--server HOST]
#   installs the OS packages Nexus needs that are missing (apt-get; it prints each one and why), builds the two
#   runtimes with ./build.sh, and links ~/.local/bin/nexus, nexus-server and nexus-agent to them.
#
#   From release archives (a directory or URL holding nexus-<version>-linux-<arch>.tar.gz,
#   nexus-server-<version>-linux-<arch>.tar.gz and SHA256SUMS, as `./build.sh dist` writes them):
#     curl -fsSL https://HOST/install.sh | bash -s -- --from https://HOST/dist --repo my-org/app --server HOST
#   downloads them, checks their sha256, unpacks them into ~/.local/share/nexus/runtime and links the same commands.
#
# Then, with --server HOST it points the CLI at that server (`nexus server HOST`), and with --repo REPO it runs
# `nexus up REPO` (which starts a local server when no server is configured).
#
# Options:
#   --repo REPO        run `nexus up REPO` at the end (owner/repo, a git URL or a local path)
#   --server HOST      use this Nexus server (`nexus server HOST`)
#   --from DIR|URL     install from release archives instead of building from this checkout
#   --prefix DIR       where bin/ and share/ go (default ~/.local)
#   --skip-packages    do not install OS packages (also: NEXUS_INSTALL_SKIP_PACKAGES=1); report what is missing
#   --packages-only    install the OS packages that are missing and stop (what .ci/run uses, so CI and this
#                      installer cannot disagree about them)
#   --no-build         use the runtimes already in build/image (from a source checkout)
#   -h, --help         this text
set -euo pipefail

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

repo="" server="" from="" prefix="${HOME:?HOME is not set}/.local" skip_packages=${NEXUS_INSTALL_SKIP_PACKAGES:-} build=1
packages_only=
while (($#)); do
  case "$1" in
    --repo) repo=${2:?--repo needs a repository}; shift 2;;
    --server) server=${2:?--server needs a host}; shift 2;;
    --from) from=${2:?--from needs a directory or URL}; shift 2;;
    --prefix) prefix=${2:?--prefix needs a directory}; shift 2;;
    --skip-packages) skip_packages=1; shift;;
    --packages-only) packages_only=1; shift;;
    --no-build) build=""; shift;;
    -h|--help) awk 'NR > 1 && /^#/ {sub(/^# ?/, ""); print; next} NR > 1 {exit}' "${BASH_SOURCE[0]}" 2>/dev/null || true; exit 0;;
    *) die "unknown option '$1' (see --help)";;
  esac
done

bin="$prefix/bin"
checkout=""
if [[ -z "$from" && -n "${BASH_SOURCE[0]:-}" && -f "${BASH_SOURCE[0]}" ]]; then
  here=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")" && pwd)
  [[ -x "$here/build.sh" && -d "$here/src/nexus.cli" ]] && checkout=$here
fi
[[ -n "$checkout" || -n "$from" ]] || die "not run from a source checkout, so there is nothing to build; pass --from with the \
directory or URL of the release archives (nexus-*.tar.gz and SHA256SUMS)"

# ---- OS packages: each is installed only when missing, and said why
need=()       # "package|why"
want() { need+=("$1|$2"); }
has() { command -v "$1" >/dev/null 2>&1; }
jdk25() {
  local home
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/*25*; do
    [[ -n "$home" && -x "$home/bin/javac" ]] && "$home/bin/javac" -version 2>&1 | grep -qE '^javac (2[5-9]|[3-9][0-9])' && return 0
  done
  return 1
}
has ssh || want openssh-client "ssh and ssh-keygen: your SSH key, and connecting to workspaces"
has git || want git "cloning repositories"
has gh || want gh "the GitHub CLI: GitHub login, SSH keys and forks (only needed for GitHub repositories)"
if [[ -n "$checkout" ]]; then
  has mvn || want maven "fetches the pinned Java libraries (deps.lock) for the build"
  has strip || want binutils "the build strips the runtime's libjvm.so"
  has unzip || want unzip "the build unpacks sqlite's native library"
fi
# what the local server's default driver needs on this machine (a workspace host): LXC, or bubblewrap without it;
# not needed when this machine only uses a remote server (--server)
if [[ -z "$server" ]]; then
  has lxc-start || want lxc "runs workspaces as LXC containers (the default driver)"
  has debootstrap || want debootstrap "builds the Debian 12 base image of workspaces, once"
  has newuidmap || want uidmap "user namespaces for containers"
  has bwrap || want bubblewrap "the sandbox driver, for hosts without container support"
  has sshd || [[ -x /usr/sbin/sshd ]] || want openssh-server "sshd inside workspaces (sandbox driver: the host's own)"
  has ip || [[ -x /usr/sbin/ip ]] || want iproute2 "the workspaces' network bridge"
  has iptables || [[ -x /usr/sbin/iptables ]] || want iptables "forwards node ports to workspaces"
  has setfacl || want acl "lets the workspaces' root (uid 100000) reach their files under private directories such as /root (setfacl)"
fi

install_packages() {
  local apt=(apt-get) pkgs=() entry
  ((${#need[@]})) || return 0
  for entry in "${need[@]}"; do say "package ${entry%%|*}: ${entry#*|}"; pkgs+=("${entry%%|*}"); done
  if [[ -n "$skip_packages" ]]; then
    say "not installing them (--skip-packages); install them yourself: apt-get install ${pkgs[*]}"
    return 0
  fi
  has apt-get || die "this system has no apt-get; install these packages with its package manager: ${pkgs[*]}"
  if ((EUID != 0)); then has sudo || die "installing packages needs root: run as root, or install: ${pkgs[*]}"; apt=(sudo apt-get); fi
  say "installing: ${pkgs[*]}"
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" update -qq
  DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
}

if [[ -n "$checkout" && -n "$build" ]] && ! jdk25; then
  if [[ -n "$skip_packages" ]]; then
    say "JDK 25 is missing (the build needs it): install temurin-25-jdk (https://adoptium.net/installation/linux/)"
  else
    say "package temurin-25-jdk: the build needs JDK 25 (Debian's default JDK is 17); adding Adoptium's apt repository"
    has curl || want curl "downloads Adoptium's signing key"
    has gpg || want gpg "checks Adoptium's signing key"
    install_packages; need=()
    keyring=/etc/apt/keyrings/adoptium.gpg
    sudo_=(); ((EUID == 0)) || sudo_=(sudo)
    "${sudo_[@]}" mkdir -p /etc/apt/keyrings
    curl -fsSL https://packages.adoptium.net/artifactory/api/gpg/key/public | "${sudo_[@]}" gpg --dearmor --yes -o "$keyring"
    codename=$(. /etc/os-release && echo "${VERSION_CODENAME:?}")
    echo "deb [signed-by=$keyring] https://packages.adoptium.net/artifactory/deb $codename main" \
      | "${sudo_[@]}" tee /etc/apt/sources.list.d/adoptium.list >/dev/null
    want temurin-25-jdk "JDK 25 for the build"
  fi
fi
install_packages
if [[ -n "$packages_only" ]]; then
  say "packages done (--packages-only)"
  exit 0
fi

# ---- the runtimes
mkdir -p "$bin"
if [[ -n "$checkout" ]]; then
  images="$checkout/build/image"
  if [[ -n "$build" ]]; then
    say "building the runtimes (./build.sh image)"
    "$checkout/build.sh" image
  fi
  [[ -x "$images/nexus/bin/nexus" && -x "$images/nexus-server/bin/nexus-server" ]] \
    || die "no runtimes in $images; build them with ./build.sh (or drop --no-build)"
else
  arch=$(uname -m); case "$arch" in x86_64) arch=amd64;; aarch64) arch=arm64;; esac
  images="$prefix/share/nexus/runtime"
  tmp=$(mktemp -d); trap 'rm -rf "$tmp"' EXIT
  fetch() {  # name: copies or downloads $from/name into $tmp
    case "$from" in
      http://*|https://*) curl -fsSL -o "$tmp/$1" "$from/$1" || die "could not download $from/$1";;
      *) cp "$from/$1" "$tmp/$1" 2>/dev/null || die "no $1 in $from";;
    esac
  }
  fetch SHA256SUMS
  mkdir -p "$images"
  for name in nexus nexus-server; do
    file=$(awk -v n="$name" -v a="$arch" '$2 ~ "^"n"-[0-9][^ ]*-linux-"a"\\.tar\\.gz$" {print $2}' "$tmp/SHA256SUMS" | head -1)
    [[ -n "$file" ]] || die "SHA256SUMS in $from lists no $name archive for linux-$arch"
    fetch "$file"
    (cd "$tmp" && grep -E "^[0-9a-f]{64} +$file\$" SHA256SUMS | sha256sum -c --status) \
      || die "$file does not match its sha256 in SHA256SUMS; not installing it"
    say "unpacking $file into $images/$name"
    rm -rf "$images/$name.new" && mkdir -p "$images/$name.new"
    tar -xzf "$tmp/$file" -C "$images/$name.new" --strip-components=1
    rm -rf "$images/$name" && mv "$images/$name.new" "$images/$name"
  done
fi
ln -sfn "$images/nexus/bin/nexus" "$bin/nexus"
ln -sfn "$images/nexus-server/bin/nexus-server" "$bin/nexus-server"
ln -sfn "$images/nexus-server/bin/nexus-agent" "$bin/nexus-agent"
say "linked $bin/nexus, $bin/nexus-server and $bin/nexus-agent ($("$bin/nexus" --version))"
case ":$PATH:" in
  *":$bin:"*) ;;
  *) say "$bin is not on your PATH; add it: echo 'export PATH=\"$bin:\$PATH\"' >> ~/.bashrc (then open a new shell)";;
esac

# ---- server and repository
if [[ -n "$server" ]]; then
  say "using the Nexus server $server"
  "$bin/nexus" server "$server"
fi
if [[ -n "$repo" ]]; then
  say "nexus up $repo"
  exec "$bin/nexus" up "$repo"
fi
say "done: run \`nexus up <repo>\` (e.g. nexus up examples/hello-node from the source checkout)"
