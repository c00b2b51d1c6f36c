#!/usr/bin/env bash
# Runs the Workestra email integration: the provider sandbox and one Karaf node with our features and demo data.
#   ./run.sh           sandbox (unless WORKESTRA_SANDBOX_URL is set) + Karaf node in the foreground
#   ./run.sh sandbox   only the provider sandbox, in the foreground
# Knobs (see ../shared/DESIGN.md "Running"): WORKESTRA_HTTP_PORT (8181), WORKESTRA_SANDBOX_PORT (8089),
# WORKESTRA_SANDBOX_URL, WORKESTRA_DB_URL / _USER / _PASSWORD (PostgreSQL instead of embedded H2),
# WORKESTRA_NODE_DIR (this node's runtime directory), WORKESTRA_DEMO_TOKEN (the demo user's bearer token).
# Extra: WORKESTRA_SSH_PORT (Karaf shell; default HTTP port - 80), WORKESTRA_DEMO_DATA=false skips demo seeding,
# WORKESTRA_BIND_ADDRESS (HTTP and shell listen address; default 127.0.0.1, 0.0.0.0 opens them to the network),
# WORKESTRA_SHELL_PASSWORD (Karaf shell password of user karaf; default generated once per node directory).
set -euo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
HTTP_PORT=${WORKESTRA_HTTP_PORT:-8181}
SANDBOX_PORT=${WORKESTRA_SANDBOX_PORT:-8089}
NODE_DIR=${WORKESTRA_NODE_DIR:-$ROOT/run/node-$HTTP_PORT}
SSH_PORT=${WORKESTRA_SSH_PORT:-$((HTTP_PORT - 80))}
DEMO_DATA=${WORKESTRA_DEMO_DATA:-true}
BIND_ADDRESS=${WORKESTRA_BIND_ADDRESS:-127.0.0.1}
SANDBOX_JAR=$ROOT/provider-sandbox/target/provider-sandbox.jar

if [ -z "${JAVA_HOME:-}" ] && command -v java >/dev/null; then
  JAVA_HOME=$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")
  export JAVA_HOME
fi

log() { printf '[run.sh] %s\n' "$*" >&2; }

tarball() { ls "$ROOT"/server-config/target/workestra-email-server-*.tar.gz 2>/dev/null | head -n 1; }

build_if_missing() {
  if [ -z "$(tarball)" ] || [ ! -f "$SANDBOX_JAR" ]; then
    log "building (first run): mvn -DskipTests install"
    (cd "$ROOT" && mvn -B -q -DskipTests install)
  fi
}

wait_http() { # url seconds
  local deadline=$((SECONDS + $2))
  while [ $SECONDS -lt $deadline ]; do
    if curl -fsS -o /dev/null "$1" 2>/dev/null; then return 0; fi
    sleep 0.5
  done
  return 1
}

PIDS=()
cleanup() {
  trap - INT TERM EXIT
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && kill -TERM "$pid" 2>/dev/null || true
  done
  for pid in "${PIDS[@]:-}"; do
    [ -n "$pid" ] && wait "$pid" 2>/dev/null || true
  done
}
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM

start_sandbox() {
  log "starting the provider sandbox on 127.0.0.1:$SANDBOX_PORT"
  java -Xmx512m -jar "$SANDBOX_JAR" --port "$SANDBOX_PORT" &
  PIDS+=($!)
  wait_http "http://127.0.0.1:$SANDBOX_PORT/_sandbox/stats" 60 || { log "the sandbox did not start"; exit 1; }
}

if [ "${1:-}" = "sandbox" ]; then
  build_if_missing
  start_sandbox
  log "sandbox ready: http://127.0.0.1:$SANDBOX_PORT (control API under /_sandbox)"
  wait
  exit 0
fi

build_if_missing

# --- the node's runtime directory: an unpacked distribution (refreshed when the build is newer) + its data
mkdir -p "$NODE_DIR"
TARBALL=$(tarball)
if [ ! -x "$NODE_DIR/karaf/bin/karaf" ] || [ "$TARBALL" -nt "$NODE_DIR/karaf/.unpacked" ]; then
  log "installing the distribution into $NODE_DIR/karaf"
  rm -rf "$NODE_DIR/karaf"
  mkdir -p "$NODE_DIR/karaf"
  tar -xzf "$TARBALL" -C "$NODE_DIR/karaf" --strip-components=1
  touch "$NODE_DIR/karaf/.unpacked"
  # bundles may have changed: drop the framework cache, keep the database (data/db) and logs
  rm -rf "$NODE_DIR/data/cache" "$NODE_DIR/data/kar" "$NODE_DIR/data/tmp" "$NODE_DIR/data/generated-bundles"
fi
mkdir -p "$NODE_DIR/data"

# --- secrets of this install (node directory): the demo user's token and the shell password, generated once and
# kept (mode 600) unless given; never fixed values
secret_of() { # file: prints the secret kept in the file, creating it first
  if [ ! -s "$1" ]; then
    (umask 077 && head -c 24 /dev/urandom | base64 -w0 | tr '+/' '-_' > "$1")
  fi
  cat "$1"
}
DEMO_TOKEN=${WORKESTRA_DEMO_TOKEN:-$(secret_of "$NODE_DIR/demo-token")}
SHELL_PASSWORD=${WORKESTRA_SHELL_PASSWORD:-$(secret_of "$NODE_DIR/shell-password")}
(umask 077 && cat > "$NODE_DIR/karaf/etc/users.properties" <<USERS
# Karaf shell users of this node, written by run.sh (password: WORKESTRA_SHELL_PASSWORD or $NODE_DIR/shell-password)
karaf = $SHELL_PASSWORD,_g_:admingroup
_g_\:admingroup = group,admin,manager,viewer,systembundles,ssh
USERS
)

# --- database: embedded H2 (in the node's data dir) unless WORKESTRA_DB_URL is set
if [ -n "${WORKESTRA_DB_URL:-}" ]; then
  case "$WORKESTRA_DB_URL" in
    jdbc:postgresql:*)
      export WORKESTRA_DB_DRIVER=org.postgresql.Driver
      # the driver sends a JDBC batch of inserts as multi-row INSERTs (sync pages insert hundreds of rows at once);
      # an explicit reWriteBatchedInserts in the URL wins
      case "$WORKESTRA_DB_URL" in
        *reWriteBatchedInserts=*) ;;
        *\?*) export WORKESTRA_DB_URL="$WORKESTRA_DB_URL&reWriteBatchedInserts=true" ;;
        *) export WORKESTRA_DB_URL="$WORKESTRA_DB_URL?reWriteBatchedInserts=true" ;;
      esac ;;
    jdbc:h2:*) export WORKESTRA_DB_DRIVER=org.h2.Driver ;;
    *) log "WORKESTRA_DB_URL must be a jdbc:postgresql: or jdbc:h2: URL"; exit 2 ;;
  esac
  DB_LABEL="$WORKESTRA_DB_URL"
else
  export WORKESTRA_DB_DRIVER=org.h2.Driver
  DB_LABEL="embedded H2 in $NODE_DIR/data/db"
fi

# --- token vault key shared by the nodes started from this checkout (AES-256, never committed)
export WORKESTRA_VAULT_KEY_FILE=${WORKESTRA_VAULT_KEY_FILE:-$ROOT/run/vault.keys}
if [ ! -s "$WORKESTRA_VAULT_KEY_FILE" ]; then
  mkdir -p "$(dirname "$WORKESTRA_VAULT_KEY_FILE")"
  (umask 077 && printf 'k1:%s\n' "$(head -c 32 /dev/urandom | base64 -w0)" > "$WORKESTRA_VAULT_KEY_FILE")
  log "created the token vault key $WORKESTRA_VAULT_KEY_FILE"
fi

# --- sandbox: ours unless an external one is given
if [ -z "${WORKESTRA_SANDBOX_URL:-}" ]; then
  start_sandbox
  export WORKESTRA_SANDBOX_URL="http://127.0.0.1:$SANDBOX_PORT"
  OWN_SANDBOX=true
else
  OWN_SANDBOX=false
fi

# --- the Karaf node
export WORKESTRA_HTTP_PORT=$HTTP_PORT WORKESTRA_DEMO_TOKEN=$DEMO_TOKEN
export WORKESTRA_PUBLIC_BASE_URL=${WORKESTRA_PUBLIC_BASE_URL:-http://127.0.0.1:$HTTP_PORT}
export KARAF_DATA="$NODE_DIR/data"
export KARAF_ETC="$NODE_DIR/karaf/etc"
export KARAF_EXEC=exec
export KARAF_OPTS="${KARAF_OPTS:-} -Dkaraf.name=node-$HTTP_PORT -Dkaraf.instances=$NODE_DIR/instances -Dorg.apache.felix.http.host=$BIND_ADDRESS"
export ORG_APACHE_KARAF_SHELL_SSHPORT=$SSH_PORT
# HTTP (org.apache.felix.http.host in KARAF_OPTS) and the shell listen on this address only: loopback unless opened
export ORG_APACHE_KARAF_SHELL_SSHHOST=$BIND_ADDRESS
log "starting Karaf node-$HTTP_PORT (HTTP $BIND_ADDRESS:$HTTP_PORT, shell $SSH_PORT, $DB_LABEL)"
"$NODE_DIR/karaf/bin/karaf" server &
KARAF_PID=$!
PIDS+=($KARAF_PID)

BASE="http://127.0.0.1:$HTTP_PORT/email/v1"
START_TIMEOUT=${WORKESTRA_START_TIMEOUT:-180}
deadline=$((SECONDS + START_TIMEOUT))
ready() {
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$BASE/health" 2>/dev/null)" = 200 ] &&
    [ "$(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $DEMO_TOKEN" "$BASE/me" 2>/dev/null)" = 200 ]
}
until ready; do
  if ! kill -0 "$KARAF_PID" 2>/dev/null; then log "Karaf stopped during start-up; see $NODE_DIR/data/log/karaf.log"; exit 1; fi
  if [ $SECONDS -ge $deadline ]; then log "not healthy after $START_TIMEOUT s; see $NODE_DIR/data/log/karaf.log"; exit 1; fi
  sleep 0.5
done

if [ "$DEMO_DATA" = "true" ]; then
  WORKESTRA_BASE="http://127.0.0.1:$HTTP_PORT" OWN_SANDBOX=$OWN_SANDBOX "$ROOT/server-config/demo-data.sh" || log "demo data could not be seeded (see above)"
fi

cat >&2 <<EOF

  Workestra Email is ready.
    Web UI        http://127.0.0.1:$HTTP_PORT/devhost/ui/    (sign in as the demo user with one click)
    REST API      $BASE          (health: $BASE/health)
    Demo token    $DEMO_TOKEN    (Authorization: Bearer $DEMO_TOKEN)
    Dev host      http://127.0.0.1:$HTTP_PORT/devhost/v1/contacts
    Sandbox       $WORKESTRA_SANDBOX_URL   (control API: $WORKESTRA_SANDBOX_URL/_sandbox/stats)
    Karaf shell   $NODE_DIR/karaf/bin/client -u karaf -p '$SHELL_PASSWORD' -a $SSH_PORT
    Listening on  $BIND_ADDRESS (WORKESTRA_BIND_ADDRESS=0.0.0.0 opens HTTP and the shell to the network)
    Database      $DB_LABEL
  Ctrl-C stops everything this script started.

EOF
wait "$KARAF_PID"
