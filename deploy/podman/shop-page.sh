#!/usr/bin/env bash
# The shop page as a browser shows it, from the running compose stack: Debian's headless Chromium loads
# http://localhost:8000, whose script reads /config.json and lists catalog's products from http://localhost:8081 (a
# cross-origin call: CORS as the browser enforces it). Passes when the rendered page lists products by name.
#   deploy/podman/shop-page.sh [screenshot.png]      (needs chromium: apt-get install chromium)
set -euo pipefail

PAGE=http://localhost:8000/
shot=${1:-}
fail() { printf 'shop-page.sh: %s\n' "$*" >&2; exit 1; }
command -v chromium >/dev/null || fail "chromium is needed (apt-get install chromium)"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

chrome=(chromium --headless=new --no-sandbox --disable-gpu --disable-dev-shm-usage --no-first-run
  --disable-background-networking --disable-component-update --disable-sync --user-data-dir="$work/profile"
  --window-size=1280,900 --virtual-time-budget=30000)
# The budget is virtual time: it pauses while the page's requests are pending, so a slow catalog is waited for.
"${chrome[@]}" --dump-dom "$PAGE" >"$work/dom.html" 2>"$work/chromium.log" \
  || { tail -n 5 "$work/chromium.log" >&2; fail "chromium could not load $PAGE"; }
# The product cards the script rendered (the <template> holds one empty card: names must be filled in).
names=$(grep -o '<h2 class="product-name" data-testid="product-name">[^<]\+</h2>' "$work/dom.html" \
  | sed 's/<[^>]*>//g' || true)
[[ -n $names ]] || fail "the page at $PAGE lists no product (its DOM: $(grep -o '<main.\{0,400\}' "$work/dom.html" | head -c 400))"
echo "shop page in Chromium lists $(wc -l <<<"$names") products: $(head -n 3 <<<"$names" | paste -sd, -), ..."
if [[ -n $shot ]]; then
  "${chrome[@]}" --screenshot="$shot" "$PAGE" >/dev/null 2>&1 || fail "chromium took no screenshot of $PAGE"
  echo "screenshot: $shot"
fi
