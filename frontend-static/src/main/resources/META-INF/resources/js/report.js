// The sales report (staff): the orders in a date range, collected from the order service page by page, sent to the
// worker as a `report` job, followed with the same fetch-read event stream as the invoice, then its CSV downloaded
// with the token.
import { request, itemsOf } from './api.js';
import { showError } from './errors.js';
import { watchJob, downloadJobResult } from './jobs.js';
import { announce } from './format.js';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 100; // the order service's largest page
const MAX_PAGES = 10_001; // its page numbers go up to 10,000
const DAY_MS = 86_400_000;
// worker-service reads at most a million JSON tokens and 2 MiB per report body; stay below both.
const MAX_TOKENS = 900_000;
const MAX_CHARS = 2 * 1024 * 1024 - 4096;
const MAX_ORDERS = 10_000; // worker-service's report limit (ReportHandler.MAX_ORDERS)
const SUBMIT_TIMEOUT_MS = 120_000;
const CURRENCY = 'EUR';

let running = null; // the AbortController of the report in progress

export function initReport() {
  const today = new Date().toISOString().slice(0, 10);
  $('report-from').value = `${today.slice(0, 8)}01`;
  $('report-to').value = today;
  $('report-form').addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  $('report-download').addEventListener('click', download);
}

/** Stops following a report (on sign-out); a job already queued still runs in the worker. */
export function stopReport() {
  running?.abort();
  running = null;
}

async function run() {
  if (running) return;
  const from = $('report-from').value;
  const to = $('report-to').value;
  const problem = !from || !to ? 'Please choose both dates.' : from > to ? 'The first day must not be after the last.' : '';
  $('report-dates-error').textContent = problem;
  if (problem) {
    $(!from ? 'report-from' : 'report-to').focus();
    return;
  }
  const current = new AbortController();
  running = current;
  const button = $('report-run');
  button.disabled = true;
  showError($('report-error'), null);
  $('report-download').hidden = true;
  setProgress(0);
  delete $('report').dataset.status;
  try {
    const collected = await collectOrders(from, to, current.signal);
    if (current.signal.aborted) return;
    setStatus(`Sending ${ordersText(collected.orders.length)} to the kitchen…`);
    const payload = { from, to, currency: CURRENCY, orders: collected.orders };
    const job = await request('worker', '/api/jobs', { method: 'POST', body: { type: 'report', payload }, timeoutMs: SUBMIT_TIMEOUT_MS, signal: current.signal });
    const note = collected.note ? ` ${collected.note}` : '';
    setStatus(`Report queued (${ordersText(collected.orders.length)}).${note}`);
    const done = await watchJob(job.id, {
      signal: current.signal,
      onJob: (j) => update(j, collected.orders.length, note),
      onFallback: () => setStatus('Live updates were interrupted; checking the report every second instead.'),
    });
    if (done?.status === 'SUCCEEDED') {
      const link = $('report-download');
      Object.assign(link.dataset, { jobId: done.id ?? job.id, from, to });
      link.hidden = false;
    }
  } catch (error) {
    if (current.signal.aborted) return;
    setStatus('');
    showError($('report-error'), error, { prefix: 'The report could not be made: ', returnHash: '#/office' });
  } finally {
    if (running === current) running = null;
    button.disabled = false;
  }
}

/**
 * The orders created from `from` to `to` (whole days in UTC, as the report counts them), not cancelled, in EUR,
 * in the shape the report reads. The list comes newest first, so reading stops at the first older order.
 */
async function collectOrders(from, to, signal) {
  const start = Date.parse(`${from}T00:00:00Z`);
  const end = Date.parse(`${to}T00:00:00Z`) + DAY_MS;
  const orders = [];
  let tokens = 0;
  let chars = 0;
  let skipped = 0;
  for (let page = 0; page < MAX_PAGES; page++) {
    setStatus(`Collecting orders… ${orders.length} so far (page ${page + 1}).`);
    const data = await request('order', `/api/orders?${new URLSearchParams({ page: String(page), size: String(PAGE_SIZE) })}`, { signal });
    const items = itemsOf(data, 'orders');
    for (const order of items) {
      const created = Date.parse(order.createdAt);
      if (Number.isNaN(created)) {
        skipped++;
        continue;
      }
      if (created >= end) continue; // newer than the range
      if (created < start) return { orders, note: skippedNote(skipped) }; // older: so is the rest
      if (order.status === 'CANCELLED' || (order.currency ?? CURRENCY) !== CURRENCY) {
        skipped++;
        continue;
      }
      const line = reportOrder(order);
      const size = 9 + 10 * line.lines.length; // JSON tokens: the order's object, 3 fields; 4 fields per line
      const text = JSON.stringify(line).length + 1;
      if (orders.length >= MAX_ORDERS || tokens + size > MAX_TOKENS || chars + text > MAX_CHARS) {
        return { orders, note: `One report carries at most about ${orders.length} orders: it covers the newest ones of the range, from ${order.createdAt.slice(0, 10)} on. Choose a shorter range for all of them.` };
      }
      tokens += size;
      chars += text;
      orders.push(line);
    }
    const total = Number.isFinite(data?.total) ? data.total : null;
    if (items.length < PAGE_SIZE || (total !== null && (page + 1) * PAGE_SIZE >= total)) break;
  }
  return { orders, note: skippedNote(skipped) };
}

function skippedNote(skipped) {
  return skipped ? `${skipped} cancelled (or not ${CURRENCY}) order${skipped === 1 ? ' is' : 's are'} left out.` : '';
}

function reportOrder(order) {
  return {
    id: String(order.id),
    createdAt: order.createdAt,
    lines: (order.lines ?? []).map((l) => ({ productId: l.productId, name: l.name ?? '', quantity: l.quantity, unitPriceCents: l.unitPriceCents })),
  };
}

function update(job, count, note) {
  $('report').dataset.status = job.status ?? '';
  const progress = job.status === 'SUCCEEDED' ? 100 : Math.max(0, Math.min(100, Math.round(Number(job.progress) || 0)));
  setProgress(progress);
  if (job.status === 'SUCCEEDED') setStatus(`The report is ready (${ordersText(count)}).${note}`);
  else if (job.status === 'FAILED') setStatus(`The report failed: ${job.error || job.message || 'the kitchen gave no reason'}.`);
  else if (job.status === 'RUNNING') setStatus(`Adding up… ${progress} %${job.message ? ` (${job.message})` : ''}`);
  else setStatus('Report queued, waiting for a free cook…');
}

async function download() {
  const button = $('report-download');
  const { jobId, from, to } = button.dataset;
  if (!jobId || button.disabled) return;
  button.disabled = true;
  showError($('report-error'), null);
  try {
    const name = await downloadJobResult(jobId, `report-${from}-to-${to}.csv`);
    announce(`Report saved as ${name}.`);
  } catch (error) {
    showError($('report-error'), error, { prefix: 'The report could not be downloaded: ', returnHash: '#/office' });
  } finally {
    button.disabled = false;
  }
}

function ordersText(count) {
  return `${count} order${count === 1 ? '' : 's'}`;
}

function setProgress(value) {
  $('report-progress').value = value;
  $('report-progress').setAttribute('aria-valuetext', `${value} %`);
  $('report-percent').textContent = `${value} %`;
}

let lastStatus = '';
function setStatus(text) {
  if (text === lastStatus) return; // a live region repeating itself on every progress tick floods a screen reader
  lastStatus = text;
  $('report-status').textContent = text;
}
