#!/usr/bin/env bash
# After `compose.sh down` (volumes kept) and `up` again: the order placed before is still alice's, as it was, and its
# invoice PDF still downloads (order-service's and worker-service's data are on the PostgreSQL volume).
#   deploy/podman/orders-kept.sh ORDER_ID [output.pdf]      (needs curl, jq, openssl)
set -euo pipefail

fail() { printf 'orders-kept.sh: %s\n' "$*" >&2; exit 1; }
source "$(dirname "${BASH_SOURCE[0]}")/shop-api.sh"
order=${1:?usage: orders-kept.sh ORDER_ID [output.pdf]}
out=${2:-invoice-kept.pdf}

token=$(sign_in_alice)
status=$(curl -sf -H "Authorization: Bearer $token" "$ORDERS/api/orders/$order" | jq -r .status) \
  || fail "order $order is gone after down and up (GET $ORDERS/api/orders/$order: $(curl -s -o /dev/null -w '%{http_code}' -H "Authorization: Bearer $token" "$ORDERS/api/orders/$order"))"
[[ $status == CONFIRMED ]] || fail "order $order is '$status' after down and up, was CONFIRMED"
invoice_pdf "$token" "$order" "$out"
echo "order $order still CONFIRMED after down and up; its invoice PDF $(wc -c <"$out") bytes"
