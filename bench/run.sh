#!/usr/bin/env bash
# Benchmarks (programs that print numbers; never part of the test run). Needs `mvn -B install` done once and
# PostgreSQL on 127.0.0.1:5432 (database test, trust auth), like the tests.
#
#   bench/run.sh ingest [messages ...]      local ingest: sandbox-generated MIME -> parser -> store on PostgreSQL
#   bench/run.sh sync [options]             backfill of sandbox mailboxes through the running product, quota on
#   bench/run.sh inbox [options]            inbox feed/search latency on PostgreSQL (bench/inbox-bench.sh)
set -euo pipefail
cd "$(dirname "$0")/.."
what="${1:-}"; shift || true
case "$what" in
  ingest) main=com.workestra.email.sync.internal.sync.IngestBench ;;
  sync) main=com.workestra.email.itests.SyncBench ;;
  inbox) exec bench/inbox-bench.sh "$@" ;;
  *) echo "usage: bench/run.sh ingest|sync|inbox [args]" >&2; exit 2 ;;
esac
M2_ARGS=()
if [ -n "${M2:-}" ]; then M2_ARGS=("-Dmaven.repo.local=$M2"); fi  # another local Maven repository
exec mvn -B -q "${M2_ARGS[@]}" -Dworkestra.root="$PWD" -Dworkestra.nodes="$PWD/itests/target/nodes" -pl itests test-compile exec:java -Dexec.classpathScope=test -Dexec.mainClass="$main" \
  -Dexec.args="$*" -Dexec.cleanupDaemonThreads=false
