#!/usr/bin/env bash
# Fuzzes every parser of the node with Jazzer (README, Fuzzing). Each fuzz target is a JUnit @FuzzTest alone in its
# class; `mvn test` replays its seed corpus (src/test/resources/<package>/<Class>Inputs/<method>/), and this script
# fuzzes it: every target class in a JVM of its own (Jazzer fuzzes one @FuzzTest per JVM), bounded by a number of
# executions (what ./meridian test runs) or by time (a campaign). A finding fails the run and Jazzer writes the input
# that made it into the target's seed directory, so that `mvn test` replays it from then on: fix the code, keep the
# input. What each target learnt is kept in <module>/.cifuzz-corpus/ (not committed) and fuzzed from next time.
#
#   scripts/fuzz.sh --runs N                 each target N executions (./meridian test: 1000)
#   scripts/fuzz.sh --minutes M              each target M minutes (a long campaign)
#   scripts/fuzz.sh --runs N --only A,B      only the target classes A and B (e.g. StunFuzzTest)
#
# N counts the replay of the target's corpus too (its seeds, and .cifuzz-corpus/ where earlier runs grew one): the
# fuzzer mutates for what is left. Offline, like the suite: run ./meridian test (or any build that filled ~/.m2)
# once before. Prints, per target, the executions it ran, the size of its corpus and whether it found something;
# the whole Maven log is in target/fuzz.log.
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
repo_root=$(pwd)

# The modules that own a fuzz target.
modules=rtp-core,srtp-engine,rtp-router,sdp,conference-api,mediaserver
# Besides the node's own classes, the libraries its parsers hand bytes to, so the fuzzer sees their branches too.
instrument='io.meridian.**:org.ice4j.**:org.bouncycastle.tls.**:io.netty.handler.codec.**:com.fasterxml.jackson.**'

usage() {
  echo "usage: scripts/fuzz.sh (--runs N | --minutes M) [--only Class1,Class2]" >&2
  exit 2
}

runs=""
minutes=""
only='*FuzzTest'
while [[ $# -gt 0 ]]; do
  case "$1" in
    --runs) [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || usage; runs=$2; shift 2 ;;
    --minutes) [[ $# -ge 2 && $2 =~ ^[1-9][0-9]*$ ]] || usage; minutes=$2; shift 2 ;;
    --only) [[ $# -ge 2 ]] || usage; only=$2; shift 2 ;;
    *) usage ;;
  esac
done
if [[ -n $runs && -n $minutes || -z $runs && -z $minutes ]]; then
  usage
fi
if [[ -n $runs ]]; then
  # Jazzer's own default bound, 5 minutes a target, stays as a backstop for a target gone slow.
  bound=(-Djazzer.max_executions="$runs")
  echo "==> Fuzzing each target for $runs executions"
else
  bound=(-Djazzer.max_executions=0 -Djazzer.max_duration="${minutes}m")
  echo "==> Fuzzing each target for $minutes minutes"
fi

mkdir -p target
log=target/fuzz.log
status=0
# A finding does not stop the run (maven.test.failure.ignore): every target is fuzzed, and the run fails after.
JAZZER_FUZZ=1 mvn -B -o -pl "$modules" -am test-compile surefire:test@default-test \
  -Dtest="$only" -Dsurefire.failIfNoSpecifiedTests=false -DreuseForks=false -Dmaven.test.failure.ignore=true \
  -Djazzer.instrumentation_includes="$instrument" "${bound[@]}" >"$log" 2>&1 || status=$?
if [[ $status -eq 0 ]] && grep -qE '<<< (FAILURE|ERROR)!' "$log"; then
  status=1
fi

# surefire says "Running <class>" before a class's output, then Jazzer ends each fuzzing run with a DONE line
# (its corpus: "corp: <inputs>/<bytes>") and "Done <n> runs in <s> second(s)"; a finding is "Test unit written to".
awk '
  /^\[INFO\] Running io\.meridian\./ { n = split($3, part, "."); target = part[n] }
  /DONE +cov:/ { for (i = 1; i <= NF; i++) if ($i == "corp:") { split($(i + 1), c, "/"); corpus[target] = c[1] } }
  /Test unit written to/ { found[target] = 1 }
  /^Done [0-9]+ runs in/ { runs[target] = $2; secs[target] = $5; order[++count] = target }
  END {
    printf "%-30s %12s %8s %8s  %s\n", "target", "executions", "seconds", "corpus", "result"
    for (i = 1; i <= count; i++) {
      t = order[i]
      printf "%-30s %12s %8s %8s  %s\n", t, runs[t], secs[t], found[t] ? "-" : corpus[t], found[t] ? "FINDING" : "ok"
    }
  }' "$log"

if [[ $status -ne 0 ]]; then
  echo >&2
  echo "fuzz.sh: a fuzz target FAILED (exit $status); its finding, and where Jazzer wrote the input:" >&2
  grep -E 'FuzzTestFindingException|Test unit written to|Tests run:.*FAILURE|ERROR\] .*Exception' "$log" \
    | sed 's/^/  /' | head -40 >&2 || true
  echo "fuzz.sh: the whole log is $repo_root/$log" >&2
  if grep -q 'Test unit written to' "$log"; then
    echo "fuzz.sh: mvn test now replays that input (and fails until the code is fixed): fix the code, keep the" >&2
    echo "fuzz.sh: input, and commit both, saying what the fuzz target found (README, Fuzzing)." >&2
  fi
fi
exit "$status"
