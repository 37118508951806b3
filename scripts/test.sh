#!/usr/bin/env bash
# The project's one test command (./meridian test calls this). It installs the test dependencies, resolves every
# artifact and plugin while the network is available, then runs the whole suite offline inside a fresh network
# namespace that has nothing but loopback: no test (nor a browser choosing another interface's address for WebRTC)
# can send a packet anywhere but 127.0.0.0/8. When the suite passes, each fuzz target is fuzzed for a bounded number
# of executions (scripts/fuzz.sh; README, Fuzzing). Exit code = the suite's result, else the fuzzing's.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo_root=$(pwd)
# Executions each fuzz target runs after the suite (its corpus replay included): all twelve take 1.5 minutes on an
# idle 2-core machine, under 3 on a busy one.
fuzz_runs=1000

# Selenium must never fetch a browser or driver: the tests name /usr/bin/chromedriver and Debian's chromium.
export SE_AVOID_BROWSER_DOWNLOAD=true
export SE_OFFLINE=true

echo "==> Installing test dependencies (Debian packages)"
"$repo_root/scripts/install-test-deps.sh"

echo "==> Building and resolving dependencies (online)"
mvn -B -q install -DskipTests
# Surefire resolves its JUnit Platform provider only when it runs; run it once on no test so the offline run has it.
mvn -B -q test -Dtest=NoSuchTest -Dsurefire.failIfNoSpecifiedTests=false

if [[ $(id -u) -eq 0 ]]; then
  isolate=(unshare --net)
else
  isolate=(unshare --map-root-user --net)
fi
if ! "${isolate[@]}" -- true 2>/dev/null; then
  echo "test.sh: cannot create a network namespace ('${isolate[*]}' was refused)." >&2
  echo "test.sh: the suite runs isolated to loopback; run it as root, or enable unprivileged user namespaces" >&2
  echo "test.sh: (sysctl kernel.unprivileged_userns_clone=1), or run it in a container started with CAP_SYS_ADMIN." >&2
  exit 2
fi

echo "==> Running the test suite offline, in a network namespace with loopback only"
status=0
"${isolate[@]}" -- bash -c 'set -e; ip link set lo up; exec mvn -B -o verify' || status=$?

if [[ $status -ne 0 ]]; then
  echo >&2
  echo "test.sh: the test suite FAILED (exit $status)." >&2
  failed=$(grep -lE '<(failure|error)[ >]' "$repo_root"/*/target/surefire-reports/TEST-*.xml 2>/dev/null || true)
  if [[ -n $failed ]]; then
    echo "test.sh: failing test reports (the matching *.txt and *-output.txt beside them hold the details):" >&2
    sed 's/^/  /' <<<"$failed" >&2
  else
    echo "test.sh: no failing test report was written (a build step failed?); reports live in */target/surefire-reports/" >&2
  fi
  echo "test.sh: fuzzing skipped (it runs once the suite passes)." >&2
  exit "$status"
fi

echo "==> Fuzzing each fuzz target for $fuzz_runs executions (loopback only, as the suite)"
"${isolate[@]}" -- bash -c 'set -e; ip link set lo up; exec scripts/fuzz.sh --runs "$1"' fuzz "$fuzz_runs" || status=$?
if [[ $status -ne 0 ]]; then
  echo >&2
  echo "test.sh: the suite passed, but FUZZING FAILED (exit $status): a fuzz target found an input the code mishandles" >&2
  echo "test.sh: (or the fuzzing did not run); what and where is said just above, by fuzz.sh." >&2
fi
exit "$status"
