// My orders: the signed-in customer's own orders, paged; staff see everyone's and may filter by e-mail. Open one,
// cancel one. Customers never send `email` (the order service answers 403 to that).
import { request, itemsOf } from './api.js';
import { hasRole, onUserChanged, sessionEnded } from './auth.js';
import { showError, startSignIn } from './errors.js';
import { el, money, dateTime, announce } from './format.js';

const $ = (id) => document.getElementById(id);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const PAGE_SIZE = 20;
const state = { page: 0, email: '', total: 0, who: null, staff: false };
let open = false;
let ticket = null;

export function initOrders() {
  $('orders-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('orders-email');
    const email = input.value.trim();
    if (email && !EMAIL.test(email)) {
      $('orders-email-error').textContent = 'Please enter an e-mail address like name@example.com, or leave it empty for all customers.';
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    $('orders-email-error').textContent = '';
    input.removeAttribute('aria-invalid');
    state.email = email;
    load(0);
  });
  $('orders-sign-in').addEventListener('click', () => startSignIn('#/orders', $('orders-error')));
  $('orders-prev').addEventListener('click', () => { load(state.page - 1); $('orders-title').focus(); });
  $('orders-next').addEventListener('click', () => { load(state.page + 1); $('orders-title').focus(); });
  $('orders-list').addEventListener('click', async (event) => {
    const button = event.target.closest('button.cancel-order');
    if (!button) return;
    button.disabled = true;
    button.textContent = 'Cancelling…';
    try {
      const order = await request('order', `/api/orders/${encodeURIComponent(button.dataset.orderId)}/cancel`, { method: 'POST' });
      announce(`Order ${order?.id ?? button.dataset.orderId} is cancelled.`);
      showError($('orders-error'), null);
      await load(state.page);
      $('orders-title').focus();
    } catch (error) {
      showError($('orders-error'), error, { prefix: 'Could not cancel the order: ', returnHash: '#/orders' });
      button.disabled = false;
      button.textContent = 'Cancel order';
    }
  });
  onUserChanged((user) => {
    // A renewed token changes nothing here; another person or role does.
    const who = user?.subject ?? null;
    const staff = hasRole('staff');
    if (who === state.who && staff === state.staff) return;
    Object.assign(state, { who, staff, page: 0, email: '' });
    $('orders-email').value = '';
    if (open) enterOrders();
  });
}

/** Called when the view opens. */
export function enterOrders() {
  open = true;
  const signedIn = state.who !== null;
  $('orders-title').textContent = state.staff ? 'Orders' : 'My orders';
  $('orders-signed-out').hidden = signedIn;
  $('orders-form').hidden = !state.staff; // the e-mail filter is for staff only
  if (!signedIn) {
    ticket = null;
    $('orders-signed-out-text').textContent = sessionEnded() ? 'Please sign in again to see your orders.' : 'Sign in to see your orders.';
    $('orders-status').textContent = '';
    $('orders-list').replaceChildren();
    $('orders-pager').hidden = true;
    showError($('orders-error'), null);
    return;
  }
  load(state.page);
}

export function leaveOrders() {
  open = false;
}

async function load(page) {
  const mine = {};
  ticket = mine;
  const params = new URLSearchParams({ page: String(Math.max(0, page)), size: String(PAGE_SIZE) });
  if (state.staff && state.email) params.set('email', state.email);
  $('orders-status').textContent = 'Looking up orders…';
  try {
    const data = await request('order', `/api/orders?${params}`);
    if (ticket !== mine) return;
    const orders = itemsOf(data, 'orders');
    state.page = Number.isInteger(data?.page) ? data.page : page;
    state.total = Number.isFinite(data?.total) ? data.total : orders.length;
    showError($('orders-error'), null);
    $('orders-status').textContent = summary(orders.length);
    $('orders-list').replaceChildren(...orders.map(renderOrder));
    const pages = Math.max(1, Math.ceil(state.total / PAGE_SIZE));
    $('orders-pager').hidden = pages <= 1;
    $('orders-page-info').textContent = `Page ${state.page + 1} of ${pages}`;
    $('orders-prev').disabled = state.page <= 0;
    $('orders-next').disabled = state.page >= pages - 1;
  } catch (error) {
    if (ticket !== mine) return;
    $('orders-status').textContent = '';
    $('orders-list').replaceChildren();
    $('orders-pager').hidden = true;
    showError($('orders-error'), error, { returnHash: '#/orders' });
  }
}

function summary(shown) {
  const count = `${state.total} order${state.total === 1 ? '' : 's'}`;
  if (state.staff) {
    if (state.email) return state.total === 0 ? `No orders for ${state.email}.` : `${count} for ${state.email}.`;
    return state.total === 0 ? 'No orders yet.' : `${count} from all customers.`;
  }
  return shown === 0 && state.total === 0 ? 'You have no orders yet.' : `You have ${count}.`;
}

function renderOrder(order) {
  const lines = (order.lines ?? []).map((l) => `${l.quantity} × ${l.name ?? `product ${l.productId}`}`).join(', ');
  const customer = order.customer && state.staff
    ? el('div', { 'data-testid': 'order-row-customer' }, `${order.customer.name ?? ''} <${order.customer.email ?? ''}>`)
    : null;
  return el('li', { 'data-testid': 'order-row', 'data-order-id': order.id, 'data-status': order.status },
    el('div', {},
      el('a', { href: `#/order/${encodeURIComponent(order.id)}`, 'data-testid': 'order-link' }, `Order ${order.id}`),
      ' ', el('span', { className: `status-pill ${order.status}`, 'data-testid': 'order-row-status' }, order.status ?? '')),
    customer,
    el('div', {}, dateTime(order.createdAt)),
    el('strong', {}, money(order.totalCents, order.currency)),
    order.status === 'CANCELLED'
      ? el('span', { className: 'status' }, order.cancelledAt ? `Cancelled ${dateTime(order.cancelledAt)}` : 'Cancelled')
      : el('button', { type: 'button', className: 'button button-small cancel-order', 'data-testid': 'order-cancel', 'data-order-id': order.id, 'aria-label': `Cancel order ${order.id}` }, 'Cancel order'),
    lines && el('p', { className: 'order-line-summary' }, lines));
}
