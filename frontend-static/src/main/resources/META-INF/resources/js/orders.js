// My orders: look up by email, open one, cancel one.
import { request, itemsOf } from './api.js';
import { el, money, dateTime, show, announce } from './format.js';
import { savedCustomer } from './checkout.js';

const $ = (id) => document.getElementById(id);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
let lastEmail = '';

export function initOrders() {
  $('orders-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const input = $('orders-email');
    const email = input.value.trim();
    if (!EMAIL.test(email)) {
      $('orders-email-error').textContent = email ? 'Please enter an email address like name@example.com.' : 'Please enter the email you ordered with.';
      input.setAttribute('aria-invalid', 'true');
      input.focus();
      return;
    }
    $('orders-email-error').textContent = '';
    input.removeAttribute('aria-invalid');
    lookUp(email);
  });
  $('orders-list').addEventListener('click', async (event) => {
    const button = event.target.closest('button.cancel-order');
    if (!button) return;
    button.disabled = true;
    button.textContent = 'Cancelling…';
    try {
      const order = await request('order', `/api/orders/${encodeURIComponent(button.dataset.orderId)}/cancel`, { method: 'POST' });
      announce(`Order ${order?.id ?? button.dataset.orderId} is cancelled.`);
      show($('orders-error'), '');
      await lookUp(lastEmail);
      $('orders-title').focus();
    } catch (error) {
      show($('orders-error'), `Could not cancel the order: ${error.message}`);
      button.disabled = false;
      button.textContent = 'Cancel order';
    }
  });
}

/** Called when the view opens: fills in the last customer's email and shows their orders. */
export function enterOrders() {
  const input = $('orders-email');
  if (!input.value) input.value = savedCustomer()?.email ?? '';
  if (input.value && EMAIL.test(input.value.trim())) lookUp(input.value.trim());
}

async function lookUp(email) {
  lastEmail = email;
  $('orders-status').textContent = 'Looking up your orders…';
  try {
    const data = await request('order', `/api/orders?${new URLSearchParams({ email, page: '0', size: '50' })}`);
    const orders = itemsOf(data, 'orders');
    show($('orders-error'), '');
    $('orders-status').textContent = orders.length === 0
      ? `No orders for ${email}.`
      : `${orders.length} order${orders.length === 1 ? '' : 's'} for ${email}.`;
    $('orders-list').replaceChildren(...orders.map(renderOrder));
  } catch (error) {
    $('orders-status').textContent = '';
    $('orders-list').replaceChildren();
    show($('orders-error'), error.message);
  }
}

function renderOrder(order) {
  const lines = (order.lines ?? []).map((l) => `${l.quantity} × ${l.name ?? `product ${l.productId}`}`).join(', ');
  return el('li', { 'data-testid': 'order-row', 'data-order-id': order.id, 'data-status': order.status },
    el('div', {},
      el('a', { href: `#/order/${encodeURIComponent(order.id)}`, 'data-testid': 'order-link' }, `Order ${order.id}`),
      ' ', el('span', { className: `status-pill ${order.status}`, 'data-testid': 'order-row-status' }, order.status ?? '')),
    el('div', {}, dateTime(order.createdAt)),
    el('strong', {}, money(order.totalCents, order.currency)),
    order.status === 'CANCELLED'
      ? el('span', { className: 'status' }, order.cancelledAt ? `Cancelled ${dateTime(order.cancelledAt)}` : 'Cancelled')
      : el('button', { type: 'button', className: 'button button-small cancel-order', 'data-testid': 'order-cancel', 'data-order-id': order.id, 'aria-label': `Cancel order ${order.id}` }, 'Cancel order'),
    lines && el('p', { className: 'order-line-summary' }, lines));
}
