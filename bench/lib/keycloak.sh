# Sourced by bench/run.sh: the services accept only tokens from Keycloak, so the shop phases start the realm's
# Keycloak (tools/keycloak.sh, as ./run.sh does, on LOAD_CPU) once, and sign the dev users in as the page does
# (Authorization Code with PKCE, client brigade-shop): sam (staff) creates the products, alice (customer) orders.
# The access tokens (5 min) go to files in $RUN that only this user can read, removed when the run ends.

KEYCLOAK_PORT=$((PORT_BASE + 5))
ISSUER="http://localhost:$KEYCLOAK_PORT/realms/brigade"
# What every shop service needs to find Keycloak and to sign in as order-service (the realm's dev-only secret).
OIDC_ENV=(OIDC_AUTH_SERVER_URL="$ISSUER" OIDC_ISSUER="$ISSUER")

keycloak_up() {
  [[ -n "${PIDS[keycloak]:-}" ]] && return 0
  "$REPO/tools/keycloak.sh" prepare "$WORK/keycloak" > "$RUN/keycloak-prepare.log" 2>&1 \
    || { log "could not prepare Keycloak (see $RUN/keycloak-prepare.log)"; return 1; }
  local t0; t0=$(now_ms)
  START_CPUS="$LOAD_CPU" start keycloak "$WORK/keycloak" "$REPO/tools/keycloak.sh" run "$WORK/keycloak" "$KEYCLOAK_PORT"
  local deadline=$(( t0 + 300000 ))
  until curl -fsS -o /dev/null --max-time 2 "$ISSUER/.well-known/openid-configuration" 2>/dev/null; do
    kill -0 "${PIDS[keycloak]}" 2>/dev/null && (( $(now_ms) < deadline )) \
      || { log "Keycloak did not start (see $RUN/keycloak.log)"; tail -20 "$RUN/keycloak.log" >&2; return 1; }
    sleep 0.5
  done
  log "Keycloak ready in $(( $(now_ms) - t0 )) ms"
}

base64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }
# sign_in USER PASSWORD FILE: the user's access token into FILE
sign_in() {
  local user="$1" password="$2" file="$3" jar verifier challenge form action location code
  jar="$(mktemp)"
  verifier=$(openssl rand -hex 32)
  challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | base64url)
  form=$(curl -sf -c "$jar" -b "$jar" --get "$ISSUER/protocol/openid-connect/auth" \
    --data-urlencode client_id=brigade-shop --data-urlencode response_type=code --data-urlencode scope=openid \
    --data-urlencode "redirect_uri=$ORIGIN/" --data-urlencode state=bench \
    --data-urlencode "code_challenge=$challenge" --data-urlencode code_challenge_method=S256)
  action=$(grep -o 'action="[^"]*"' <<< "$form" | head -n1 | sed -e 's/^action="//' -e 's/"$//' -e 's/&amp;/\&/g')
  location=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" "$action" \
    --data-urlencode "username=$user" --data-urlencode "password=$password")
  rm -f "$jar"
  code=$(sed -n 's/.*[?&]code=\([^&]*\).*/\1/p' <<< "$location")
  [[ -n $code ]] || { log "$user could not sign in at $ISSUER"; return 1; }
  # written beside FILE, then renamed: a generator reading FILE while it is signed in again never sees half a token
  (umask 077; curl -sf "$ISSUER/protocol/openid-connect/token" --data-urlencode grant_type=authorization_code \
    --data-urlencode client_id=brigade-shop --data-urlencode "code=$code" --data-urlencode "redirect_uri=$ORIGIN/" \
    --data-urlencode "code_verifier=$verifier" | json_field "$(cat)" access_token > "$file.new")
  [[ -s $file.new ]] || { rm -f "$file.new"; log "no token for $user"; return 1; }
  mv -f "$file.new" "$file"
}
STAFF_TOKEN="$RUN/.staff-token" CUSTOMER_TOKEN="$RUN/.customer-token"
trap 'stop_all; rm -f "$STAFF_TOKEN" "$CUSTOMER_TOKEN" "$STAFF_TOKEN.new" "$CUSTOMER_TOKEN.new"' EXIT
# Fresh tokens for a phase (each lives 5 min).
sign_in_users() { sign_in sam sam-dev "$STAFF_TOKEN" && sign_in alice alice-dev "$CUSTOMER_TOKEN"; }
# Signs the users in again every 4 minutes, until killed: for a run longer than a token lives (Checkout.java reads its
# token file again when it changes).
keep_signed_in() { while sleep 240; do sign_in_users || log "signing in again failed: the run's tokens will expire"; done; }
