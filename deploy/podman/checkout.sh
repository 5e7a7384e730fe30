#!/usr/bin/env bash
# A checkout against the running compose stack, the way the page does it but with curl: alice signs in at Keycloak
# (Authorization Code with PKCE, the page's client brigade-shop), orders one product, and the order's invoice job,
# which a child JVM of worker-service renders, is followed until its PDF downloads.
#   deploy/podman/checkout.sh [output.pdf [order-id file]]      (needs curl, jq, openssl)
set -euo pipefail

fail() { printf 'checkout.sh: %s\n' "$*" >&2; exit 1; }
source "$(dirname "${BASH_SOURCE[0]}")/shop-api.sh"
out=${1:-invoice.pdf}
order_file=${2:-}
start=$SECONDS

token=$(sign_in_alice)
echo "signed in as alice ($((SECONDS - start)) s)"

# Order the first product in stock.
product=$(curl -sf "$CATALOG/api/products?size=50" | jq -r '[.items[] | select(.stock > 0)][0].id')
[[ $product =~ ^[0-9]+$ ]] || fail "catalog lists no product in stock"
order=$(curl -sf -H "Authorization: Bearer $token" -H 'Content-Type: application/json' -H "Origin: $ORIGIN" \
  -H "Idempotency-Key: podman-checkout-$(openssl rand -hex 8)" \
  --data "{\"lines\":[{\"productId\":$product,\"quantity\":1}],\"currency\":\"EUR\"}" "$ORDERS/api/orders" | jq -r .id) \
  || fail "POST /api/orders failed"
echo "order $order placed ($((SECONDS - start)) s)"
[[ -z $order_file ]] || printf '%s\n' "$order" >"$order_file"

invoice_pdf "$token" "$order" "$out"
echo "invoice PDF $out, $(wc -c <"$out") bytes ($((SECONDS - start)) s)"
