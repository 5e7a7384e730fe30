// Order confirmation: the order, then its invoice job followed live (its event stream read with fetch(), so the
// request carries the token), then the PDF downloaded with the token and saved through an object URL.
import { request } from './api.js';
import { currentUser } from './auth.js';
import { showError } from './errors.js';
import { watchJob, downloadJobResult } from './jobs.js';
import { el, money, dateTime, announce } from './format.js';
import { checkoutTraceOf } from './trace.js';

const $ = (id) => document.getElementById(id);
const ORDER_POLL_MS = 1000;
const ORDER_POLL_LIMIT = 60;

// What the current confirmation view has running (the order polls, the job's stream), stopped on leave.
let running = null;

export function initOrder() {
  $('invoice-download').addEventListener('click', downloadInvoice);
}

export function stopOrderView() {
  if (running) running.abort();
  running = null;
}

/** Shows order `id`; `order` is the body of the POST when we just placed it (saves a round trip). */
export async function showOrder(id, order) {
  stopOrderView();
  const current = new AbortController();
  running = current;
  const signal = current.signal;
  showError($('order-error'), null);
  showError($('invoice-error'), null);
  resetInvoice();
  $('order-title').textContent = order ? 'Thank you, your order is placed' : 'Order';
  if (!order && !currentUser()) {
    $('order-details').replaceChildren();
    showError($('order-error'), { message: 'Please sign in to see this order.', needsSignIn: true }, { returnHash: `#/order/${encodeURIComponent(id)}` });
    setInvoiceStatus('');
    return;
  }
  $('order-details').replaceChildren(order ? renderOrder(order) : el('p', { className: 'status' }, 'Loading order…'));

  let shown = false;
  try {
    if (!order) order = await request('order', `/api/orders/${encodeURIComponent(id)}`, { signal });
    if (signal.aborted) return;
    $('order-details').replaceChildren(renderOrder(order));
    shown = true;
    if (order.status === 'CANCELLED') {
      setInvoiceStatus('This order was cancelled.');
      return;
    }
    const jobId = await waitForInvoiceJob(order, signal);
    if (signal.aborted || !jobId) return;
    setInvoiceStatus('Invoice queued.');
    await watchJob(jobId, {
      signal,
      onJob: (job) => updateJob(job, jobId, order.id),
      onFallback: () => setInvoiceStatus('Live updates were interrupted; checking the invoice every second instead.'),
      onPollError: (error) => setInvoiceStatus(`Cannot check the invoice right now: ${error.message}`),
    });
  } catch (error) {
    if (signal.aborted) return;
    if (shown) {
      // The order is on screen; its invoice could not be followed (e.g. the session ended meanwhile).
      showError($('invoice-error'), error, { returnHash: `#/order/${encodeURIComponent(id)}` });
    } else {
      $('order-details').replaceChildren();
      // Someone else's order is a 404 too: the service does not say whether it exists.
      showError($('order-error'), error.status === 404 ? { message: 'No such order.' } : error,
        { returnHash: `#/order/${encodeURIComponent(id)}` });
    }
    setInvoiceStatus('');
  }
}

/** The order gets its invoice job a moment after it is stored (an outbox relay delivers it): wait for it. */
async function waitForInvoiceJob(order, signal) {
  let tries = 0;
  while (!order.invoiceJobId) {
    if (tries === 0) setInvoiceStatus('The order is confirmed; the invoice is being queued in the kitchen…');
    if (++tries > ORDER_POLL_LIMIT) {
      setInvoiceStatus('The invoice has not been queued yet. Reload this page in a minute to see it.');
      return null;
    }
    await new Promise((resolve) => setTimeout(resolve, ORDER_POLL_MS));
    if (signal.aborted) return null;
    try {
      order = await request('order', `/api/orders/${encodeURIComponent(order.id)}`, { signal });
    } catch (error) {
      if (signal.aborted) return null;
      if (error.needsSignIn) throw error;
      setInvoiceStatus(`Still waiting for the invoice: ${error.message}`);
    }
  }
  return order.invoiceJobId;
}

function updateJob(job, jobId, orderId) {
  const progress = Math.max(0, Math.min(100, Math.round(Number(job.progress) || 0)));
  const shown = job.status === 'SUCCEEDED' ? 100 : progress;
  $('invoice-progress').value = shown;
  $('invoice-progress').setAttribute('aria-valuetext', `${shown} %`);
  $('invoice-percent').textContent = `${shown} %`;
  $('invoice').dataset.status = job.status ?? '';
  if (job.status === 'SUCCEEDED') {
    const button = $('invoice-download');
    button.dataset.jobId = jobId;
    button.dataset.orderId = orderId;
    button.hidden = false;
    setInvoiceStatus('Your invoice is ready.');
  } else if (job.status === 'FAILED') {
    setInvoiceStatus(`The invoice could not be made: ${job.error || job.message || 'the kitchen gave no reason'}.`);
  } else if (job.status === 'RUNNING') {
    setInvoiceStatus(`Preparing your invoice… ${shown} %${job.message ? ` (${job.message})` : ''}`);
  } else {
    setInvoiceStatus('Invoice queued, waiting for a free cook…');
  }
}

async function downloadInvoice() {
  const button = $('invoice-download');
  if (button.disabled || !button.dataset.jobId) return;
  button.disabled = true;
  button.textContent = 'Downloading…';
  showError($('invoice-error'), null);
  try {
    const name = await downloadJobResult(button.dataset.jobId, `invoice-${button.dataset.orderId}.pdf`);
    announce(`Invoice saved as ${name}.`);
  } catch (error) {
    showError($('invoice-error'), error, { prefix: 'The invoice could not be downloaded: ' });
  } finally {
    button.disabled = false;
    button.textContent = 'Download invoice (PDF)';
  }
}

function resetInvoice() {
  $('invoice-progress').value = 0;
  $('invoice-progress').setAttribute('aria-valuetext', '0 %');
  $('invoice-percent').textContent = '0 %';
  const button = $('invoice-download');
  button.hidden = true;
  delete button.dataset.jobId;
  delete button.dataset.orderId;
  delete $('invoice').dataset.status;
  setInvoiceStatus('Waiting for the invoice job…');
}

let lastStatus = '';
function setInvoiceStatus(text) {
  // Re-announcing the same sentence on every progress tick would flood a screen reader.
  if (text === lastStatus) return;
  lastStatus = text;
  $('invoice-status').textContent = text;
}

function renderOrder(order) {
  const currency = order.currency ?? 'EUR';
  return el('div', { className: 'order-summary', 'data-testid': 'order-summary', 'data-order-id': order.id, 'data-status': order.status },
    el('dl', {},
      el('dt', {}, 'Order number'), el('dd', { id: 'order-id', 'data-testid': 'order-id' }, String(order.id)),
      el('dt', {}, 'Status'), el('dd', {}, el('span', { className: `status-pill ${order.status}`, 'data-testid': 'order-status' }, order.status ?? '')),
      order.customer && [el('dt', {}, 'Customer'), el('dd', {}, `${order.customer.name} <${order.customer.email}>`)],
      order.createdAt && [el('dt', {}, 'Placed'), el('dd', {}, dateTime(order.createdAt))],
      order.cancelledAt && [el('dt', {}, 'Cancelled'), el('dd', {}, dateTime(order.cancelledAt))],
      // The checkout's trace (this tab placed the order): what to search the services' logs and traces for.
      checkoutTraceOf(order.id) && [el('dt', {}, 'Trace id'),
        el('dd', {}, el('code', { 'data-testid': 'order-trace-id' }, checkoutTraceOf(order.id)))]),
    el('table', { 'data-testid': 'order-lines' },
      el('caption', { className: 'visually-hidden' }, 'Ordered products'),
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Product'), el('th', { scope: 'col', className: 'num' }, 'Qty'),
        el('th', { scope: 'col', className: 'num' }, 'Price'), el('th', { scope: 'col', className: 'num' }, 'Total'))),
      el('tbody', {}, (order.lines ?? []).map((line) => el('tr', {},
        el('td', {}, line.name ?? `Product ${line.productId}`),
        el('td', { className: 'num' }, String(line.quantity)),
        el('td', { className: 'num' }, money(line.unitPriceCents, currency)),
        el('td', { className: 'num' }, money(line.lineTotalCents ?? line.unitPriceCents * line.quantity, currency))))),
      el('tfoot', {}, el('tr', {}, el('th', { scope: 'row', colSpan: 3 }, 'Total'),
        el('td', { className: 'num', 'data-testid': 'order-total' }, money(order.totalCents, currency))))));
}
