#!/usr/bin/env bash
# Installs what the tests need (when missing), runs every test project, and ends with one plain line:
# "N passed, N failed". Exits non-zero when anything failed or did not build.
set -uo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; elif command -v sudo >/dev/null; then sudo "$@"; else return 1; fi; }

apt_updated=0
need_pkg() { # need_pkg <probe-command> <debian packages...>
  local probe=$1; shift
  if ! eval "$probe" >/dev/null 2>&1; then
    echo "test.sh: installing $* from Debian packages"
    if [ $apt_updated -eq 0 ]; then as_root apt-get update -qq || true; apt_updated=1; fi
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "$@" >/dev/null \
      || { echo "test.sh: could not install $*"; exit 1; }
  fi
}

need_pkg 'ls /usr/lib/postgresql/*/bin/initdb' postgresql
need_pkg 'command -v chromium' chromium fonts-liberation

results=$(mktemp -d)
trap 'rm -rf "$results"' EXIT

dotnet build WabaGate.slnx -c Release -nologo -v quiet 2>&1 | grep -E 'error|Error' ; build_rc=${PIPESTATUS[0]}
if [ "$build_rc" -ne 0 ]; then
  echo "test.sh: build failed"
  echo "0 passed, 1 failed"
  exit 1
fi

dotnet test WabaGate.slnx -c Release --no-build -nologo \
  --logger "trx" --logger "console;verbosity=normal" --results-directory "$results" 2>&1 \
  | grep -vE '^\s*$|^\s+Passed ' 
test_rc=${PIPESTATUS[0]}

passed=0; failed=0; files=0
for trx in "$results"/*.trx; do
  [ -e "$trx" ] || continue
  files=$((files + 1))
  counters=$(grep -o '<Counters [^>]*>' "$trx" | head -n1)
  p=$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters"); f=$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")
  e=$(sed -n 's/.* error="\([0-9]*\)".*/\1/p' <<<"$counters"); a=$(sed -n 's/.* aborted="\([0-9]*\)".*/\1/p' <<<"$counters")
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0} + ${e:-0} + ${a:-0}))
done

# A crashed or missing test run counts as a failure even if its counters say nothing.
if [ "$test_rc" -ne 0 ] && [ "$failed" -eq 0 ]; then failed=1; fi
if [ "$files" -eq 0 ]; then failed=$((failed + 1)); fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ] && [ "$test_rc" -eq 0 ]
