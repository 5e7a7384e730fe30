# Sourced by checkout.sh and orders-kept.sh: the shop's endpoints as compose publishes them, alice's sign-in the way the
# page does it (Authorization Code with PKCE, client brigade-shop) and an order's invoice followed to its PDF.
# Needs curl, jq, openssl; the caller defines fail().
# shellcheck shell=bash

KEYCLOAK=http://localhost:8180/realms/brigade/protocol/openid-connect
ORIGIN=http://localhost:8000
CATALOG=http://localhost:8081
ORDERS=http://localhost:8082
for tool in curl jq openssl; do
  command -v "$tool" >/dev/null || fail "$tool is needed (apt-get install $tool)"
done

base64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

# Prints an access token of alice's: Keycloak's login form, then the code, then the token.
sign_in_alice() {
  local jar verifier challenge form action location code
  jar=$(mktemp)
  verifier=$(openssl rand -hex 32)
  challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | base64url)
  form=$(curl -sf -c "$jar" -b "$jar" --get "$KEYCLOAK/auth" \
    --data-urlencode client_id=brigade-shop --data-urlencode response_type=code --data-urlencode scope=openid \
    --data-urlencode "redirect_uri=$ORIGIN/" --data-urlencode state=checkout \
    --data-urlencode "code_challenge=$challenge" --data-urlencode code_challenge_method=S256) \
    || fail "Keycloak's sign-in page did not answer ($KEYCLOAK/auth)"
  action=$(grep -o 'action="[^"]*"' <<<"$form" | head -n1 | sed -e 's/^action="//' -e 's/"$//' -e 's/&amp;/\&/g')
  [[ -n $action ]] || fail "no login form on Keycloak's sign-in page"
  location=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$jar" -b "$jar" "$action" \
    --data-urlencode username=alice --data-urlencode password=alice-dev)
  rm -f "$jar"
  code=$(sed -n 's/.*[?&]code=\([^&]*\).*/\1/p' <<<"$location")
  [[ -n $code ]] || fail "alice's sign-in did not redirect to the page with a code (got: '${location:-no redirect}')"
  curl -sf "$KEYCLOAK/token" --data-urlencode grant_type=authorization_code --data-urlencode client_id=brigade-shop \
    --data-urlencode "code=$code" --data-urlencode "redirect_uri=$ORIGIN/" --data-urlencode "code_verifier=$verifier" \
    | jq -er .access_token || fail "the code was not exchanged for a token"
}

# Follows order $2's invoice job (token $1) until it ends, then downloads its PDF to $3.
invoice_pdf() {
  local token=$1 order=$2 out=$3 job_url= status=
  for _ in $(seq 60); do
    job_url=$(curl -sf -H "Authorization: Bearer $token" "$ORDERS/api/orders/$order" | jq -r '.invoiceJobUrl // empty')
    [[ -n $job_url ]] && break
    sleep 1
  done
  [[ -n $job_url ]] || fail "order $order names no invoice job after 60 s (order-service's outbox, worker-service)"
  for _ in $(seq 120); do
    status=$(curl -sf -H "Authorization: Bearer $token" "$job_url" | jq -r .status)
    [[ $status == SUCCEEDED || $status == FAILED ]] && break
    sleep 1
  done
  [[ $status == SUCCEEDED ]] || fail "invoice job $job_url ended as '$status': $(curl -s -H "Authorization: Bearer $token" "$job_url")"
  curl -sf -H "Authorization: Bearer $token" -o "$out" "$job_url/result" || fail "the invoice's PDF did not download"
  [[ $(head -c 5 "$out") == %PDF- ]] || fail "$out is not a PDF"
}
