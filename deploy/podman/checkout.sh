#!/usr/bin/env bash
# A checkout against the running compose stack, the way the page does it but with curl: alice signs in at Keycloak
# (Authorization Code with PKCE, the page's client brigade-shop), orders one product, and the order's invoice job,
# which a child JVM of worker-service renders, is followed until its PDF downloads.
#   deploy/podman/checkout.sh [output.pdf]      (needs curl, jq, openssl)
set -euo pipefail

KEYCLOAK=http://localhost:8180/realms/brigade/protocol/openid-connect
ORIGIN=http://localhost:8000
CATALOG=http://localhost:8081
ORDERS=http://localhost:8082
out=${1:-invoice.pdf}
for tool in curl jq openssl; do
  command -v "$tool" >/dev/null || { echo "checkout.sh: $tool is needed (apt-get install $tool)" >&2; exit 1; }
done
fail() { printf 'checkout.sh: %s\n' "$*" >&2; exit 1; }
base64url() { openssl base64 -A | tr '+/' '-_' | tr -d '='; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$SECONDS

# Sign in: the login form, then the code, then the token.
verifier=$(openssl rand -hex 32)
challenge=$(printf '%s' "$verifier" | openssl dgst -sha256 -binary | base64url)
form=$(curl -sf -c "$work/jar" -b "$work/jar" --get "$KEYCLOAK/auth" \
  --data-urlencode client_id=brigade-shop --data-urlencode response_type=code --data-urlencode scope=openid \
  --data-urlencode "redirect_uri=$ORIGIN/" --data-urlencode state=checkout \
  --data-urlencode "code_challenge=$challenge" --data-urlencode code_challenge_method=S256) \
  || fail "Keycloak's sign-in page did not answer ($KEYCLOAK/auth)"
action=$(grep -o 'action="[^"]*"' <<<"$form" | head -n1 | sed -e 's/^action="//' -e 's/"$//' -e 's/&amp;/\&/g')
[[ -n $action ]] || fail "no login form on Keycloak's sign-in page"
location=$(curl -s -o /dev/null -w '%{redirect_url}' -c "$work/jar" -b "$work/jar" "$action" \
  --data-urlencode username=alice --data-urlencode password=alice-dev)
code=$(sed -n 's/.*[?&]code=\([^&]*\).*/\1/p' <<<"$location")
[[ -n $code ]] || fail "alice's sign-in did not redirect to the page with a code (got: '${location:-no redirect}')"
token=$(curl -sf "$KEYCLOAK/token" --data-urlencode grant_type=authorization_code --data-urlencode client_id=brigade-shop \
  --data-urlencode "code=$code" --data-urlencode "redirect_uri=$ORIGIN/" --data-urlencode "code_verifier=$verifier" \
  | jq -r .access_token) || fail "the code was not exchanged for a token"
echo "signed in as alice ($((SECONDS - start)) s)"

# Order the first product in stock.
product=$(curl -sf "$CATALOG/api/products?size=50" | jq -r '[.items[] | select(.stock > 0)][0].id')
[[ $product =~ ^[0-9]+$ ]] || fail "catalog lists no product in stock"
order=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -H "Origin: $ORIGIN" \
  -H "Idempotency-Key: podman-checkout-$(openssl rand -hex 8)" \
  --data "{\"lines\":[{\"productId\":$product,\"quantity\":1}],\"currency\":\"EUR\"}" "$ORDERS/api/orders" | jq -r .id) \
  || fail "POST /api/orders failed"
echo "order $order placed ($((SECONDS - start)) s)"

# The invoice: the order names its job once worker-service took it; the job ends with a PDF.
job_url=
for _ in $(seq 60); do
  job_url=$(curl -sf -H "Authorization: Bearer $token" "$ORDERS/api/orders/$order" | jq -r '.invoiceJobUrl // empty')
  [[ -n $job_url ]] && break
  sleep 1
done
[[ -n $job_url ]] || fail "order $order names no invoice job after 60 s (order-service's outbox, worker-service)"
status=
for _ in $(seq 120); do
  status=$(curl -sf -H "Authorization: Bearer $token" "$job_url" | jq -r .status)
  [[ $status == SUCCEEDED || $status == FAILED ]] && break
  sleep 1
done
[[ $status == SUCCEEDED ]] || fail "invoice job $job_url ended as '$status': $(curl -s -H "Authorization: Bearer $token" "$job_url")"
curl -sf -H "Authorization: Bearer $token" -o "$out" "$job_url/result" || fail "the invoice's PDF did not download"
[[ $(head -c 5 "$out") == %PDF- ]] || fail "$out is not a PDF"
echo "invoice PDF $out, $(wc -c <"$out") bytes ($((SECONDS - start)) s)"
