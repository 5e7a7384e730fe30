// Cart view and checkout: inline validation, one Idempotency-Key per checkout attempt, errors in words.
import { request } from './api.js';
import { cart } from './cart.js';
import { el, money, show, announce } from './format.js';

const $ = (id) => document.getElementById(id);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const CUSTOMER_KEY = 'brigade.customer.v1';

// The key of the attempt in progress: reused while the same order is retried (a double click, a retry after
// a network failure), replaced when what is being ordered changes, dropped once an order exists.
let attempt = null;
let submitting = false;

// A busy shop (503/429 with Retry-After) is asked again this often, with the same key, before the page gives up.
const BUSY_RETRIES = 10;

export function initCheckout({ onOrderPlaced }) {
  cart.onChange(renderCart);
  renderCart();
  restoreCustomer();

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

  for (const id of ['customer-name', 'customer-email']) {
    const input = $(id);
    input.addEventListener('blur', () => validateField(input));
    input.addEventListener('input', () => {
      if (input.getAttribute('aria-invalid') === 'true') validateField(input);
    });
  }

  $('checkout-form').addEventListener('submit', async (event) => {
    event.preventDefault();
    if (submitting) return; // a second click while the first is on its way places nothing more
    show($('checkout-error'), '');
    const nameOk = validateField($('customer-name'));
    const emailOk = validateField($('customer-email'));
    if (!nameOk || !emailOk) {
      (nameOk ? $('customer-email') : $('customer-name')).focus();
      return;
    }
    if (cart.lines().length === 0) {
      show($('checkout-error'), 'Your cart is empty.');
      return;
    }
    const body = {
      customer: { name: $('customer-name').value.trim(), email: $('customer-email').value.trim() },
      lines: cart.lines().map((l) => ({ productId: l.productId, quantity: l.quantity })),
    };
    const fingerprint = JSON.stringify(body);
    if (!attempt || attempt.fingerprint !== fingerprint) attempt = { key: newKey(), fingerprint };

    submitting = true;
    const button = $('place-order');
    button.disabled = true;
    button.textContent = 'Placing order…';
    try {
      const order = await placeOrder(body, attempt.key);
      attempt = null;
      saveCustomer(body.customer);
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

/** POST /api/orders; while the shop answers "busy", waits as long as it asks and sends the same order again. */
async function placeOrder(body, key) {
  for (let retry = 0; ; retry++) {
    try {
      const order = await request('order', '/api/orders', { method: 'POST', body, headers: { 'Idempotency-Key': key } });
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

function validateField(input) {
  const value = input.value.trim();
  let message = '';
  if (input.id === 'customer-name') {
    if (!value) message = 'Please enter your name.';
    else if (value.length > 200) message = 'Your name can be at most 200 characters.';
  } else {
    if (!value) message = 'Please enter your email address.';
    else if (!EMAIL.test(value)) message = 'Please enter an email address like name@example.com.';
  }
  setFieldError(input, message);
  return !message;
}

function setFieldError(input, message) {
  $(`${input.id}-error`).textContent = message;
  if (message) input.setAttribute('aria-invalid', 'true');
  else input.removeAttribute('aria-invalid');
}

function showCheckoutError(error) {
  const box = $('checkout-error');
  const general = [];
  for (const { field, message } of error.fieldErrors ?? []) {
    const last = field.split('.').pop().replace(/\[\d+\]$/, '');
    if (last === 'name' && field.includes('customer')) setFieldError($('customer-name'), `Name ${message}.`);
    else if (last === 'email') setFieldError($('customer-email'), `Email ${message}.`);
    else general.push(describeField(field, message));
  }
  box.replaceChildren();
  if (error.status === 409 && !/stock/i.test(error.message)) box.append(el('strong', {}, 'Not enough stock. '));
  const fieldsOnly = error.fieldErrors?.length > 0 && general.length === 0;
  box.append(fieldsOnly ? 'Please correct the highlighted fields.' : error.message);
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

function saveCustomer(customer) {
  try { localStorage.setItem(CUSTOMER_KEY, JSON.stringify(customer)); } catch { /* not essential */ }
}

export function savedCustomer() {
  try { return JSON.parse(localStorage.getItem(CUSTOMER_KEY) || 'null'); } catch { return null; }
}

function restoreCustomer() {
  const customer = savedCustomer();
  if (customer) {
    $('customer-name').value = customer.name ?? '';
    $('customer-email').value = customer.email ?? '';
  }
}
