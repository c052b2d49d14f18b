#!/usr/bin/env bash
# Nexus build: javac, jar, jlink and the JUnit console launcher driven directly, no build tool.
#
#   ./build.sh [build]        compile + both runtime images (build/image/nexus, build/image/nexus-server)
#   ./build.sh compile        compile the four modules into build/classes and build/modules
#   ./build.sh image          the jlinked images (with their AOT caches)
#   ./build.sh test [MODULE…] [-- LAUNCHER-ARGS…]
#                             compile the tests into their modules and run them; last line "N passed, N failed"
#   ./build.sh dist           build/dist/*.tar.gz + SHA256SUMS
#   ./build.sh bench [NAME…]  the programs in bench/ (ratios against a baseline measured in the same run)
#   ./build.sh clean          remove build/ (the dependency cache .deps/ stays)
#
# Environment: JAVA_HOME (a JDK 25), NEXUS_BUILD_DIR (default build/), NEXUS_DEPS_DIR (default .deps/).
set -euo pipefail

ROOT=$(cd "$(dirname "$(readlink -f "$0")")" && pwd)
cd "$ROOT"
B=${NEXUS_BUILD_DIR:-$ROOT/build}
DEPS=${NEXUS_DEPS_DIR:-$ROOT/.deps}
VERSION=$(tr -d '[:space:]' < VERSION)
MODULES=(nexus.core nexus.agent nexus.server nexus.cli)
JDK=

die() { printf 'build.sh: %s\n' "$*" >&2; exit 1; }
step() { [[ -t 2 ]] && printf '\033[1m==> %s\033[0m\n' "$*" >&2 || printf '==> %s\n' "$*" >&2; }

find_jdk() {
  local home major
  for home in "${JAVA_HOME:-}" /usr/lib/jvm/*25*; do
    [[ -n "$home" && -x "$home/bin/javac" && -x "$home/bin/jlink" ]] || continue
    major=$("$home/bin/javac" -version 2>&1 | sed -nE 's/^javac ([0-9]+).*/\1/p')
    if [[ -n "$major" && "$major" -ge 25 ]]; then JDK=$home; return; fi
  done
  die "no JDK 25 found (looked at \$JAVA_HOME='${JAVA_HOME:-}' and /usr/lib/jvm/*25*).
Install JDK 25, e.g. Temurin: https://adoptium.net/installation/linux/ ('apt-get install temurin-25-jdk'),
or point JAVA_HOME at one. The default javac on Debian 12 is 17, which cannot build Nexus."
}

# Fetches every jar of deps.lock into $DEPS/<scope>/ through Maven and verifies its sha256.
fetch_deps() {
  local wanted=("$@") scope coord sha g a v jar actual
  command -v sha256sum >/dev/null || die "sha256sum is missing (coreutils)"
  declare -A keep=()
  while read -r scope coord sha; do
    [[ -z "$scope" || "$scope" == \#* ]] && continue
    [[ " ${wanted[*]} " == *" $scope "* ]] || continue
    IFS=: read -r g a v <<<"$coord"
    jar="$DEPS/$scope/$a-$v.jar"
    keep["$jar"]=1
    if [[ ! -f "$jar" ]]; then
      command -v mvn >/dev/null || die "$a-$v.jar is not in $DEPS/$scope and Maven (mvn) is not installed to fetch it: apt-get install maven"
      step "fetching $coord"
      mkdir -p "$DEPS/$scope"
      mvn -q -B dependency:copy -Dartifact="$coord" -DoutputDirectory="$DEPS/$scope" >"$DEPS/.mvn.log" 2>&1 \
        || die "Maven could not fetch $coord (see $DEPS/.mvn.log). Is Maven Central reachable?"
    fi
    actual=$(sha256sum "$jar" | cut -d' ' -f1)
    if [[ "$actual" != "$sha" ]]; then
      mv -f "$jar" "$jar.rejected"
      die "$a-$v.jar has sha256 $actual but deps.lock pins $sha; refusing it (moved to $jar.rejected)."
    fi
  done < deps.lock
  # A jar that is no longer pinned would still sit on the module path: remove it.
  for scope in "${wanted[@]}"; do
    for jar in "$DEPS/$scope"/*.jar; do
      [[ -e "$jar" && -z "${keep[$jar]:-}" ]] && rm -f "$jar"
    done
  done
  return 0
}

# Newer than the stamp? Prints the first path found, empty when everything is up to date.
changed_since() { local stamp=$1; shift; [[ -f "$stamp" ]] || { echo "$stamp"; return; }; find "$@" -newer "$stamp" -print -quit; }

# Copies non-Java files of a source tree (resources) into a class output directory.
copy_resources() {
  local from=$1 to=$2 f
  while IFS= read -r -d '' f; do
    mkdir -p "$to/$(dirname "${f#"$from"/}")"
    cp -p "$f" "$to/${f#"$from"/}"
  done < <(find "$from" -type f ! -name '*.java' -print0)
}

compile() {
  fetch_deps main
  local stamp=$B/classes/.stamp
  [[ -n "$(changed_since "$stamp" src VERSION deps.lock)" ]] || return 0
  step "compiling ${MODULES[*]}"
  rm -rf "$B/classes" "$B/modules"
  mkdir -p "$B/classes" "$B/modules"
  "$JDK/bin/javac" --release 25 -Xlint:all -Werror -encoding UTF-8 \
    --module-source-path "src/*" --module-path "$DEPS/main" -d "$B/classes" \
    --module "$(IFS=,; echo "${MODULES[*]}")"
  local m
  for m in "${MODULES[@]}"; do copy_resources "src/$m" "$B/classes/$m"; done
  printf '%s\n' "$VERSION" > "$B/classes/nexus.core/nexus/core/version.txt"
  for m in "${MODULES[@]}"; do
    "$JDK/bin/jar" --create --file "$B/modules/$m.jar" --module-version "$VERSION" -C "$B/classes/$m" .
  done
  touch "$stamp"
}

# jlink one image from jlink/<name>.jlink (an argument file), copy its launchers and train its AOT cache.
link_image() {
  local name=$1 out=$B/image/$1 launcher
  step "jlink $name"
  rm -rf "$out"
  "$JDK/bin/jlink" --module-path "$B/modules:$DEPS/main" --output "$out" \
    --strip-debug --no-header-files --no-man-pages --compress=zip-6 \
    --add-options="-Xlog:disable -Xlog:all=warning:stderr" \
    @"jlink/$name.jlink"
  for launcher in jlink/bin/*; do
    if grep -q "^# image: $name\$" "$launcher"; then
      install -m 0755 "$launcher" "$out/bin/$(basename "$launcher")"
    fi
  done
  # The JDK ships libjvm.so with its symbol table (~4 MB); the images do not need it.
  command -v strip >/dev/null || die "strip is missing (apt-get install binutils)"
  strip --strip-unneeded "$out/lib/server/libjvm.so"
  [[ ! -f "jlink/$name.post" ]] || NEXUS_IMAGE="$out" DEPS="$DEPS" bash "jlink/$name.post"
  step "training the AOT cache of $name"
  NEXUS_IMAGE="$out" bash "jlink/$name.train" >"$B/image/$name.train.log" 2>&1 \
    || die "AOT training of $name failed; see $B/image/$name.train.log"
  [[ -n "$(find "$out/lib" -maxdepth 1 -name '*.aot' -print -quit)" ]] || die "AOT training of $name wrote no cache; see $B/image/$name.train.log"
}

image() {
  compile
  local name
  for name in nexus nexus-server; do
    if [[ -n "$(changed_since "$B/image/$name/.stamp" "$B/modules" jlink deps.lock)" ]]; then
      link_image "$name"
      touch "$B/image/$name/.stamp"
    fi
  done
}

arch() { case "$(uname -m)" in x86_64) echo amd64;; aarch64) echo arm64;; *) uname -m;; esac; }

dist() {
  image
  step "dist"
  rm -rf "$B/dist"; mkdir -p "$B/dist"
  local name dir
  for name in nexus nexus-server; do
    dir="$name-$VERSION-linux-$(arch)"
    tar -C "$B/image" --transform "s,^$name,$dir," --owner=0 --group=0 --exclude=.stamp -czf "$B/dist/$dir.tar.gz" "$name"
  done
  (cd "$B/dist" && sha256sum ./*.tar.gz | sed 's, \./, ,' > SHA256SUMS)
  ls -l "$B/dist" >&2
}

# Tests live in test/<module>/ and are compiled into that module (--patch-module); test/nexus.testkit is a
# module of its own (shared test support: fake GitHub, system-test conditions, the summary listener).
run_tests() {
  local selected=() launcher_args=() m
  while (($#)); do
    if [[ "$1" == -- ]]; then shift; launcher_args=("$@"); break; fi
    selected+=("$1"); shift
  done
  ((${#selected[@]})) || selected=("${MODULES[@]}")
  for m in "${selected[@]}"; do [[ " ${MODULES[*]} " == *" $m "* ]] || die "unknown module '$m' (modules: ${MODULES[*]})"; done

  fetch_deps main test
  compile
  # Full runs also test the jlinked images; a run limited to modules skips them (the image tests say so).
  if ((${#selected[@]} == ${#MODULES[@]})) && [[ -z "${NEXUS_SKIP_IMAGE:-}" ]]; then image; fi

  local T=$B/test tmp=$B/test/tmp
  local mp="$B/classes:$T/modules:$DEPS/main:$DEPS/test"
  if [[ -n "$(changed_since "$T/.stamp" test "$B/classes/.stamp")" ]]; then
    step "compiling tests"
    rm -rf "$T/modules" "$T/patches"; mkdir -p "$T/modules" "$T/patches"
    "$JDK/bin/javac" --release 25 -Xlint:all -encoding UTF-8 -d "$T/modules/nexus.testkit" \
      --module-path "$B/classes:$DEPS/main:$DEPS/test" $(find test/nexus.testkit -name '*.java')
    copy_resources test/nexus.testkit "$T/modules/nexus.testkit"
    for m in "${MODULES[@]}"; do
      [[ -d "test/$m" ]] || continue
      "$JDK/bin/javac" --release 25 -Xlint:all -encoding UTF-8 -d "$T/patches/$m" \
        --module-path "$mp" --patch-module "$m=test/$m" \
        --add-modules org.junit.jupiter.api,org.junit.jupiter.params,nexus.testkit \
        --add-reads "$m=org.junit.jupiter.api,org.junit.jupiter.params,nexus.testkit" \
        $(find "test/$m" -name '*.java')
      copy_resources "test/$m" "$T/patches/$m"
    done
    touch "$T/.stamp"
  fi

  local jvm=(--module-path "$mp" --add-modules ALL-MODULE-PATH --enable-native-access=org.xerial.sqlitejdbc
             -Dnexus.root="$ROOT" -Dnexus.build="$B" -Dnexus.java.home="$JDK" -Dnexus.deps="$DEPS"
             -Djava.io.tmpdir="$tmp" -Dnexus.test.summary="$T/summary.txt")
  local select=() pkg
  for m in "${selected[@]}"; do
    [[ -d "$T/patches/$m" ]] || continue
    jvm+=(--patch-module "$m=$T/patches/$m" --add-reads "$m=org.junit.jupiter.api,org.junit.jupiter.params,nexus.testkit")
    while IFS= read -r pkg; do
      jvm+=(--add-opens "$m/$pkg=org.junit.platform.commons")
    done < <(cd "test/$m" && find . -name '*.java' -printf '%h\n' | sed 's,^\./,,; s,/,.,g' | sort -u)
    select+=(--select-module "$m")
  done
  [[ " ${launcher_args[*]-} " == *" --select"* ]] && select=()
  rm -rf "$tmp" "$T/summary.txt"; mkdir -p "$tmp"
  step "running tests (${selected[*]})"
  local rc=0
  "$JDK/bin/java" "${jvm[@]}" -m org.junit.platform.console/org.junit.platform.console.ConsoleLauncher execute \
    --disable-banner --details=tree --disable-ansi-colors --reports-dir "$T/reports" \
    "${select[@]}" "${launcher_args[@]}" || rc=$?
  [[ -f "$T/summary.txt" ]] || { echo "0 passed, 1 failed (the test launcher ended before reporting; exit code $rc)"; return 1; }
  cat "$T/summary.txt"
  ((rc == 0)) && grep -qE '(^|, )0 failed' "$T/summary.txt"
}

bench() {
  image
  local names=("$@") f
  ((${#names[@]})) || names=($(find bench -mindepth 1 -maxdepth 1 -type f -perm -u+x -printf '%f\n' | sort))
  for f in "${names[@]}"; do
    [[ -x "bench/$f" ]] || die "no benchmark bench/$f"
    step "bench/$f"
    NEXUS_ROOT="$ROOT" NEXUS_BUILD="$B" JAVA_HOME="$JDK" DEPS="$DEPS" "bench/$f"
  done
}

usage() { sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; }

verb=${1:-build}; (($#)) && shift
case "$verb" in
  help|-h|--help) usage; exit 0;;
  clean) rm -rf "$B"; exit 0;;
esac
find_jdk
case "$verb" in
  build) image;;
  compile) compile;;
  image) image;;
  test) run_tests "$@";;
  dist) dist;;
  bench) bench "$@";;
  *) usage >&2; die "unknown verb '$verb'";;
esac
