// Cart view and checkout: signed in first (the order service takes the customer from the token), one
// Idempotency-Key per checkout attempt, errors in words.
import { send } from './api.js';
import { onUserChanged } from './auth.js';
import { cart } from './cart.js';
import { showError, startSignIn } from './errors.js';
import { el, money, show, announce } from './format.js';
import { newTraceId, rememberCheckoutTrace, traceIdOf } from './trace.js';

const $ = (id) => document.getElementById(id);
// Before sign-in the checkout form asked for a name and an e-mail and kept them here: no longer needed.
const OLD_CUSTOMER_KEY = 'brigade.customer.v1';

// The key of the attempt in progress: reused while the same order is retried (a double click, a retry after
// a network failure), replaced when what is being ordered or who orders it changes, dropped once an order exists.
let attempt = null;
let submitting = false;
let customer = null;

// A busy shop (503/429 with Retry-After) is asked again this often, with the same key, before the page gives up.
const BUSY_RETRIES = 10;

export function initCheckout({ onOrderPlaced }) {
  try { localStorage.removeItem(OLD_CUSTOMER_KEY); } catch { /* nothing kept */ }
  cart.onChange(renderCart);
  renderCart();
  onUserChanged(renderCustomer);

  const lines = $('cart-lines');
  lines.addEventListener('change', (event) => {
    const input = event.target.closest('input.qty');
    if (!input) return;
    const quantity = Number(input.value);
    if (!Number.isInteger(quantity) || quantity < 1) {
      input.value = cart.lines().find((l) => l.productId === Number(input.dataset.productId))?.quantity ?? 1;
      return;
    }
    cart.setQuantity(Number(input.dataset.productId), quantity);
    announce('Quantity updated.');
  });
  lines.addEventListener('click', (event) => {
    const button = event.target.closest('button.remove');
    if (!button) return;
    const line = cart.lines().find((l) => l.productId === Number(button.dataset.productId));
    cart.remove(Number(button.dataset.productId));
    announce(`${line ? line.name : 'Product'} removed from cart.`);
    $('cart-title').focus();
  });

  // The cart is in localStorage, so it is still here when Keycloak sends the browser back to #/cart.
  $('sign-in-to-checkout').addEventListener('click', () => startSignIn('#/cart', $('checkout-error')));

  $('checkout-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submitting) return; // a second click while the first is on its way places nothing more
    showError($('checkout-error'), null);
    if (!customer) {
      startSignIn('#/cart', $('checkout-error'));
      return;
    }
    if (cart.lines().length === 0) {
      show($('checkout-error'), 'Your cart is empty.');
      return;
    }
    const body = { lines: cart.lines().map((l) => ({ productId: l.productId, quantity: l.quantity })) };
    const fingerprint = JSON.stringify([customer.subject, body]);
    if (!attempt || attempt.fingerprint !== fingerprint) attempt = { key: newKey(), fingerprint };

    submitting = true;
    const button = $('place-order');
    button.disabled = true;
    button.textContent = 'Placing order…';
    try {
      const order = await placeOrder(body, attempt.key);
      attempt = null;
      cart.clear();
      onOrderPlaced(order);
    } catch (error) {
      showCheckoutError(error);
      // A definite refusal means this attempt is over; after a network failure the same key is retried.
      if (!error.unreachable && error.status !== 503 && error.status !== 504) attempt = null;
    } finally {
      submitting = false;
      button.disabled = false;
      button.textContent = 'Place order';
    }
  });
}

/** Signed in: "Ordering as Alice Martin (alice@example.com)" and Place order; signed out: Sign in to check out. */
function renderCustomer(user) {
  customer = user;
  const as = $('ordering-as');
  as.textContent = user ? `Ordering as ${user.name}${user.email ? ` (${user.email})` : ''}` : '';
  as.hidden = !user;
  $('checkout-sign-in').hidden = Boolean(user);
  $('place-order').hidden = !user;
}

/**
 * POST /api/orders; while the shop answers "busy", waits as long as it asks and sends the same order again. All tries
 * are one trace, whose id the confirmation shows (as the service's traceresponse names it).
 */
async function placeOrder(body, key) {
  const traceId = newTraceId();
  for (let retry = 0; ; retry++) {
    try {
      const { data: order, headers } = await send('order', '/api/orders', { method: 'POST', body, headers: { 'Idempotency-Key': key }, traceId });
      rememberCheckoutTrace(order?.id, traceIdOf(headers.get('traceresponse')) ?? traceId);
      show($('checkout-busy'), '');
      return order;
    } catch (error) {
      if (!error.busy || retry === BUSY_RETRIES) {
        show($('checkout-busy'), '');
        throw error;
      }
      show($('checkout-busy'), 'The shop is busy, trying again…');
      await new Promise((resolve) => setTimeout(resolve, Math.max(1, error.retryAfterSeconds) * 1000));
    }
  }
}

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  // randomUUID only exists in secure contexts; the page may be served over plain http on a cluster.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function showCheckoutError(error) {
  const box = $('checkout-error');
  if (error.needsSignIn) {
    showError(box, error, { returnHash: '#/cart' }); // with a "Sign in" button; the cart stays
    return;
  }
  const general = (error.fieldErrors ?? []).map(({ field, message }) => describeField(field, message));
  box.replaceChildren();
  if (error.status === 409 && !/stock/i.test(error.message)) box.append(el('strong', {}, 'Not enough stock. '));
  box.append(error.message);
  if (general.length) box.append(el('ul', {}, general.map((text) => el('li', {}, text))));
  box.hidden = false;
}

/** "lines[1].quantity must be ≥ 1" → "Quantity of Linen Napkins: must be ≥ 1". */
function describeField(field, message) {
  const match = /lines\[(\d+)\]\.?(\w+)?/.exec(field);
  if (match) {
    const line = cart.lines()[Number(match[1])];
    const what = match[2] === 'quantity' ? 'Quantity of ' : '';
    return `${what}${line ? line.name : `line ${Number(match[1]) + 1}`}: ${message}`;
  }
  return `${field || 'Request'}: ${message}`;
}

function renderCart() {
  const lines = cart.lines();
  const count = lines.reduce((sum, l) => sum + l.quantity, 0);
  const badge = $('cart-count');
  badge.textContent = String(count);
  $('cart-empty').hidden = lines.length > 0;
  $('cart-content').hidden = lines.length === 0;
  $('cart-lines').replaceChildren(...lines.map((line) => {
    const qtyId = `qty-${line.productId}`;
    return el('tr', { 'data-testid': 'cart-line', 'data-product-id': line.productId },
      el('th', { scope: 'row', 'data-testid': 'cart-line-name' }, line.name),
      el('td', { className: 'num', 'data-label': 'Price' }, money(line.priceCents, line.currency)),
      el('td', { 'data-label': 'Quantity' },
        el('label', { className: 'visually-hidden', for: qtyId }, `Quantity of ${line.name}`),
        el('input', { id: qtyId, className: 'qty', type: 'number', min: '1', max: String(Math.min(1000, line.stock ?? 1000)), step: '1', value: String(line.quantity), inputMode: 'numeric', 'data-testid': 'cart-line-qty', 'data-product-id': line.productId })),
      el('td', { className: 'num', 'data-label': 'Total', 'data-testid': 'cart-line-total' }, money(line.quantity * line.priceCents, line.currency)),
      el('td', {}, el('button', { type: 'button', className: 'button button-small remove', 'data-testid': 'cart-line-remove', 'data-product-id': line.productId, 'aria-label': `Remove ${line.name} from cart` }, 'Remove')));
  }));
  $('cart-total').textContent = money(cart.totalCents(), cart.currency());
}
