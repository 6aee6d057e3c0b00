#!/usr/bin/env bash
# Runs the demo without Docker: castsim and idpsim as local processes, idpsim
# seeded with fixtures/demo.yaml and pushing to castsim over SCIM. Prints the
# URLs, the credentials and a first thing to try. Ctrl-C stops both.
#
# Credentials and ports come from the environment when set:
#   IDPSIM_ADMIN_TOKEN (demo-admin-token)  CASTSIM_SCIM_TOKEN (demo-scim-token)
#   CASTSIM_API_KEY (demo-api-key)         CASTSIM_OIDC_SECRET (demo-oidc-secret)
#   IDPSIM_PORT (8080)                     CASTSIM_PORT (8081)
set -euo pipefail
cd "$(dirname "$0")/.."

GO=${GO:-go}
BIN=${BIN:-bin}
IDPSIM_PORT=${IDPSIM_PORT:-8080}
CASTSIM_PORT=${CASTSIM_PORT:-8081}
ORG_ID=${CASTSIM_ORG_ID:-5b2a4c1e-7d3f-4e8a-9c61-0f2d8b7a4e15}
export IDPSIM_ADMIN_TOKEN=${IDPSIM_ADMIN_TOKEN:-demo-admin-token}
export CASTSIM_SCIM_TOKEN=${CASTSIM_SCIM_TOKEN:-demo-scim-token}
export CASTSIM_API_KEY=${CASTSIM_API_KEY:-demo-api-key}
export CASTSIM_OIDC_SECRET=${CASTSIM_OIDC_SECRET:-demo-oidc-secret}
# castsim's pre-created SSO connection uses the demo OIDC client; secrets go
# through the environment, never the command line.
export CASTSIM_SSO_CLIENT_SECRET=${CASTSIM_OIDC_SECRET}

idp_url=http://127.0.0.1:${IDPSIM_PORT}
cast_url=http://127.0.0.1:${CASTSIM_PORT}
# Read by the demo fixture (its app's SCIM URL and the OIDC redirect) and,
# for the public URL, by castsim itself.
export CASTSIM_SCIM_URL=${cast_url}/scim/v2
export CASTSIM_PUBLIC_URL=${cast_url}

logs=${BIN}/demo
mkdir -p "${logs}"
echo "building idpsim and castsim into ${BIN}/ ..."
"${GO}" build -o "${BIN}/" ./cmd/idpsim ./cmd/castsim

pids=()
stop() {
  trap - INT TERM EXIT
  if ((${#pids[@]})); then
    echo
    echo "stopping idpsim and castsim ..."
    kill "${pids[@]}" 2>/dev/null || true
    wait "${pids[@]}" 2>/dev/null || true
  fi
}
trap stop INT TERM EXIT

# wait_healthy NAME ADDR polls the server's /healthz for up to 10 seconds.
wait_healthy() {
  for _ in $(seq 100); do
    if "${BIN}/$1" healthcheck --addr "$2" 2>/dev/null; then
      return 0
    fi
    sleep 0.1
  done
  echo "$1 did not become healthy; its log (${logs}/$1.log) ends with:" >&2
  tail -n 20 "${logs}/$1.log" >&2
  return 1
}

"${BIN}/castsim" --addr "127.0.0.1:${CASTSIM_PORT}" --public-url "${cast_url}" \
  --sso-okta-domain "${idp_url}" --sso-client-id castsim 2>"${logs}/castsim.log" &
pids+=($!)
wait_healthy castsim "127.0.0.1:${CASTSIM_PORT}"

"${BIN}/idpsim" --addr "127.0.0.1:${IDPSIM_PORT}" --public-url "${idp_url}" \
  --fixture fixtures/demo.yaml 2>"${logs}/idpsim.log" &
pids+=($!)
wait_healthy idpsim "127.0.0.1:${IDPSIM_PORT}"

cat <<BANNER

idpsim (fake Okta)   ${idp_url}
  admin console      ${idp_url}/admin/   sign in with ${IDPSIM_ADMIN_TOKEN}
  admin API          ${idp_url}/api/v1   Authorization: SSWS ${IDPSIM_ADMIN_TOKEN}
  simulator control  ${idp_url}/_sim     (same token)
castsim (Cast AI)    ${cast_url}
  console            ${cast_url}/console/   API key ${CASTSIM_API_KEY}, or Sign in with SSO
  SCIM 2.0           ${cast_url}/scim/v2   Authorization: Bearer ${CASTSIM_SCIM_TOKEN}
  console API        ${cast_url}/v1        X-API-Key: ${CASTSIM_API_KEY}
  organization       ${ORG_ID}
logs                 ${logs}/idpsim.log, ${logs}/castsim.log

The demo org: 20 people in Platform, Data, Finance and Support. Platform, Data
and Finance are assigned to the "Cast AI" app and pushed to castsim.

First thing to try: put Nina Petrova (Support) into Platform in Okta ...

  curl -X PUT -H 'Authorization: SSWS ${IDPSIM_ADMIN_TOKEN}' \\
    ${idp_url}/api/v1/groups/00gdemo0000000000001/users/00udemo0000000000017

... and a moment later she is a member of Platform in castsim:

  curl -G -H 'Authorization: Bearer ${CASTSIM_SCIM_TOKEN}' ${cast_url}/scim/v2/Users \\
    --data-urlencode 'filter=userName eq "nina.petrova@example.com"'
  curl -H 'X-API-Key: ${CASTSIM_API_KEY}' \\
    ${cast_url}/v1/organizations/${ORG_ID}/users

Sign in to castsim with the fake Okta: open ${cast_url}/v1/auth/login and use
maya.okafor@example.com with the password ${DEMO_PASSWORD:-Demo-Passw0rd}.

Ctrl-C stops both.
BANNER

# Until Ctrl-C, or until either server exits on its own.
wait -n "${pids[@]}" || true
