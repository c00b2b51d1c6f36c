#!/usr/bin/env bash
# Seeds demo data once (idempotent): sandbox mailboxes and the dev host's CRM, support and recruiting records.
# Used by ./run.sh; needs WORKESTRA_BASE (Karaf HTTP), WORKESTRA_SANDBOX_URL and WORKESTRA_DEMO_TOKEN.
set -euo pipefail
BASE=${WORKESTRA_BASE:?}
SANDBOX=${WORKESTRA_SANDBOX_URL:-}
AUTH="Authorization: Bearer ${WORKESTRA_DEMO_TOKEN:?}"

post() { curl -fsS -X POST -H 'Content-Type: application/json' "$@"; }

if [ -n "$SANDBOX" ] && [ "${OWN_SANDBOX:-false}" = "true" ]; then
  for acct in 'gmail demo.gmail@workestra-demo.test Dana Gmail' 'outlook demo.outlook@workestra-demo.test Dana Outlook'; do
    set -- $acct
    if ! curl -fsS -o /dev/null "$SANDBOX/_sandbox/accounts/$2" 2>/dev/null; then
      post "$SANDBOX/_sandbox/accounts" -d "{\"provider\":\"$1\",\"address\":\"$2\",\"displayName\":\"$3 $4\",\"messages\":300,\"seed\":42,\"spanDays\":120}" > /dev/null
    fi
  done
fi

if [ "$(curl -fsS -H "$AUTH" "$BASE/devhost/v1/contacts")" = "[]" ]; then
  contact=$(post -H "$AUTH" "$BASE/devhost/v1/contacts" -d '{"name":"Carla Customer","email":"carla@customer-corp.test"}')
  contact_id=$(printf '%s' "$contact" | sed -E 's/.*"id":"([^"]+)".*/\1/')
  post -H "$AUTH" "$BASE/devhost/v1/deals" -d "{\"name\":\"Customer Corp renewal\",\"contactIds\":[\"$contact_id\"]}" > /dev/null
  post -H "$AUTH" "$BASE/devhost/v1/tickets" -d '{"subject":"Cannot export invoices","requesterEmail":"sam@support-client.test","name":"Sam Client"}' > /dev/null
  post -H "$AUTH" "$BASE/devhost/v1/candidates" -d '{"name":"Robin Recruit","email":"robin@candidates.test"}' > /dev/null
  echo "[demo-data] seeded a contact, a deal, a ticket and a candidate" >&2
fi
