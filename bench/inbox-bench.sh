#!/usr/bin/env bash
# Inbox benchmark (not a test): seeds PostgreSQL with 1,000,000 messages across 1,000 mailboxes (generate_series, in a
# schema of its own) and prints p50/p95/p99 latencies of feed pages and searches through the store's inbox query code
# (JdbcInboxStore, the class behind GET /inbox). Targets: p95 < 50 ms for a page, < 200 ms for a search.
#
#   bench/inbox-bench.sh [jdbcUrl] [user] [schema] [messages] [mailboxes] [runs]
#   BENCH_SEED=keep bench/inbox-bench.sh     # reuse an already seeded schema
#
# Needs: PostgreSQL (default jdbc:postgresql://127.0.0.1:5432/test, user postgres, trust auth), Maven, Java 17.
# Set M2 to use another local Maven repository.
set -euo pipefail
cd "$(dirname "$0")/.."
M2_ARGS=()
if [ -n "${M2:-}" ]; then M2_ARGS=("-Dmaven.repo.local=$M2"); fi
mvn -B -q "${M2_ARGS[@]}" install -pl bundles/api -DskipTests
mvn -B -q "${M2_ARGS[@]}" test-compile -pl bundles/store
mvn -B -q "${M2_ARGS[@]}" dependency:build-classpath -pl bundles/store -Dmdep.includeScope=test \
  -Dmdep.outputFile=target/bench.classpath
CP="bundles/store/target/test-classes:bundles/store/target/classes:$(cat bundles/store/target/bench.classpath)"
exec java -Xmx512m -Dbench.seed="${BENCH_SEED:-fresh}" -cp "$CP" \
  -Djava.util.logging.config.file=/dev/null \
  com.workestra.email.store.internal.InboxBench "$@"
