// Order confirmation: the order, then its invoice job live over Server-Sent Events, then the PDF link.
import { request, serviceUrl } from './api.js';
import { el, money, dateTime, show } from './format.js';

const $ = (id) => document.getElementById(id);
const FINAL = new Set(['SUCCEEDED', 'FAILED']);
const JOB_POLL_MS = 1000;
const ORDER_POLL_MS = 1000;
const ORDER_POLL_LIMIT = 60;

// Everything the current confirmation view has running (poll timers, the event stream), to stop on leave.
let session = null;

export function stopOrderView() {
  if (session) session.stop();
  session = null;
}

/** Shows order `id`; `order` is the body of the POST when we just placed it (saves a round trip). */
export async function showOrder(id, order) {
  stopOrderView();
  const current = newSession();
  session = current;
  show($('order-error'), '');
  resetInvoice();
  $('order-title').textContent = order ? 'Thank you, your order is placed' : 'Order';
  $('order-details').replaceChildren(order ? renderOrder(order) : el('p', { className: 'status' }, 'Loading order…'));

  try {
    if (!order) order = await request('order', `/api/orders/${encodeURIComponent(id)}`);
    if (current.stopped) return;
    $('order-details').replaceChildren(renderOrder(order));
    if (order.status === 'CANCELLED') {
      setInvoiceStatus('This order was cancelled.');
      return;
    }
    const jobId = await waitForInvoiceJob(order, current);
    if (current.stopped || !jobId) return;
    followJob(jobId, current);
  } catch (error) {
    if (current.stopped) return;
    $('order-details').replaceChildren();
    show($('order-error'), error.status === 404 ? `There is no order ${id}.` : error.message);
    setInvoiceStatus('');
  }
}

function newSession() {
  const s = {
    stopped: false,
    timers: new Set(),
    source: null,
    sleep(ms) {
      return new Promise((resolve) => {
        const t = setTimeout(() => { s.timers.delete(t); resolve(); }, ms);
        s.timers.add(t);
      });
    },
    stop() {
      s.stopped = true;
      s.timers.forEach(clearTimeout);
      if (s.source) s.source.close();
    },
  };
  return s;
}

/** The order gets its invoice job a moment after it is stored (an outbox relay delivers it): wait for it. */
async function waitForInvoiceJob(order, current) {
  let tries = 0;
  while (!order.invoiceJobId) {
    if (tries === 0) setInvoiceStatus('The order is confirmed; the invoice is being queued in the kitchen…');
    if (++tries > ORDER_POLL_LIMIT) {
      setInvoiceStatus('The invoice has not been queued yet. Reload this page in a minute to see it.');
      return null;
    }
    await current.sleep(ORDER_POLL_MS);
    if (current.stopped) return null;
    try {
      order = await request('order', `/api/orders/${encodeURIComponent(order.id)}`);
    } catch (error) {
      setInvoiceStatus(`Still waiting for the invoice: ${error.message}`);
    }
  }
  return order.invoiceJobId;
}

async function followJob(jobId, current) {
  const url = await serviceUrl('worker', `/api/jobs/${encodeURIComponent(jobId)}/events`);
  setInvoiceStatus('Invoice queued.');
  if (!('EventSource' in window)) {
    pollJob(jobId, current);
    return;
  }
  const source = new EventSource(url);
  current.source = source;
  let failures = 0;
  const onEvent = (event) => {
    let job;
    try {
      job = JSON.parse(event.data);
    } catch {
      return;
    }
    failures = 0;
    updateJob(job, jobId);
    if (FINAL.has(job.status)) source.close();
  };
  // worker-service names its events: `state` when the status changes, `progress` as the job reports it.
  source.addEventListener('state', onEvent);
  source.addEventListener('progress', onEvent);
  source.addEventListener('error', () => {
    if (current.stopped) return;
    failures += 1;
    // CLOSED: the stream was refused (e.g. CORS or a 404); CONNECTING: the browser retries by itself.
    if (source.readyState === EventSource.CLOSED || failures >= 3) {
      source.close();
      setInvoiceStatus('Live updates were interrupted; checking the invoice every second instead.');
      pollJob(jobId, current);
    }
  });
}

async function pollJob(jobId, current) {
  while (!current.stopped) {
    try {
      const job = await request('worker', `/api/jobs/${encodeURIComponent(jobId)}`);
      if (current.stopped) return;
      updateJob(job, jobId);
      if (FINAL.has(job.status)) return;
    } catch (error) {
      setInvoiceStatus(`Cannot check the invoice right now: ${error.message}`);
    }
    await current.sleep(JOB_POLL_MS);
  }
}

async function updateJob(job, jobId) {
  const progress = Math.max(0, Math.min(100, Math.round(Number(job.progress) || 0)));
  const shown = job.status === 'SUCCEEDED' ? 100 : progress;
  $('invoice-progress').value = shown;
  $('invoice-progress').setAttribute('aria-valuetext', `${shown} %`);
  $('invoice-percent').textContent = `${shown} %`;
  $('invoice').dataset.status = job.status ?? '';
  if (job.status === 'SUCCEEDED') {
    const link = $('invoice-download');
    const path = job.resultUrl || `/api/jobs/${encodeURIComponent(jobId)}/result`;
    link.href = /^https?:/.test(path) ? path : await serviceUrl('worker', path.startsWith('/') ? path : `/${path}`);
    link.hidden = false;
    setInvoiceStatus('Your invoice is ready.');
  } else if (job.status === 'FAILED') {
    setInvoiceStatus(`The invoice could not be made: ${job.error || job.message || 'the kitchen gave no reason'}.`);
  } else if (job.status === 'RUNNING') {
    setInvoiceStatus(`Preparing your invoice… ${shown} %${job.message ? ` (${job.message})` : ''}`);
  } else {
    setInvoiceStatus('Invoice queued, waiting for a free cook…');
  }
}

function resetInvoice() {
  $('invoice-progress').value = 0;
  $('invoice-progress').setAttribute('aria-valuetext', '0 %');
  $('invoice-percent').textContent = '0 %';
  $('invoice-download').hidden = true;
  $('invoice-download').removeAttribute('href');
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
      order.cancelledAt && [el('dt', {}, 'Cancelled'), el('dd', {}, dateTime(order.cancelledAt))]),
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
