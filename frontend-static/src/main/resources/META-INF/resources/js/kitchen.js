// Kitchen (staff): the worker's child JVMs, refreshed every two seconds while the view is open.
import { request, itemsOf } from './api.js';
import { showError } from './errors.js';
import { el } from './format.js';

const $ = (id) => document.getElementById(id);
const REFRESH_MS = 2000;
let timer = null;
let running = false;

export function enterKitchen() {
  if (running) return;
  running = true;
  refresh();
}

export function leaveKitchen() {
  running = false;
  clearTimeout(timer);
}

async function refresh() {
  clearTimeout(timer);
  try {
    const data = await request('worker', '/api/workers');
    if (!running) return;
    const workers = itemsOf(data, 'workers', 'children');
    showError($('kitchen-error'), null);
    const text = workers.length === 0 ? 'No cooks in the kitchen right now.' : summary(data, workers);
    // Only a change is announced: rewriting the live region every two seconds would drown a screen reader.
    if ($('kitchen-status').textContent !== text) $('kitchen-status').textContent = text;
    $('kitchen-updated').textContent = `Last update ${new Date().toLocaleTimeString()}.`;
    $('kitchen-workers').replaceChildren(...workers.map(renderWorker));
  } catch (error) {
    if (!running) return;
    $('kitchen-status').textContent = '';
    showError($('kitchen-error'), error, { returnHash: '#/kitchen' });
    // GET /api/workers is for staff: asking again every two seconds would not change a 401 or 403.
    if (error.status === 401 || error.status === 403) {
      running = false;
      return;
    }
  }
  if (running) timer = setTimeout(refresh, REFRESH_MS);
}

/** "2 cooks: 1 idle, 1 busy. 3 jobs waiting, 12 done." — pool totals when the service sends them. */
function summary(data, workers) {
  const count = (state) => workers.filter((w) => String(w.state).toLowerCase() === state).length;
  const parts = [`${workers.length} cook${workers.length === 1 ? '' : 's'}: ${count('idle')} idle, ${count('busy')} busy`];
  const restarting = count('restarting') + count('starting');
  if (restarting) parts[0] += `, ${restarting} starting`;
  let text = `${parts[0]}.`;
  if (data && !Array.isArray(data) && Number.isFinite(data.queued)) {
    text += ` ${data.queued} job${data.queued === 1 ? '' : 's'} waiting, ${data.jobsDone ?? 0} done.`;
  }
  return text;
}

function uptime(ms) {
  if (!Number.isFinite(ms)) return '—';
  const s = Math.floor(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 3600) return `${Math.floor(s / 60)} min ${s % 60} s`;
  return `${Math.floor(s / 3600)} h ${Math.floor((s % 3600) / 60)} min`;
}

function renderWorker(worker, index) {
  const state = String(worker.state ?? worker.status ?? 'UNKNOWN');
  const job = worker.currentJobId ?? worker.jobId ?? worker.currentJob?.id ?? '';
  return el('tr', { 'data-testid': 'kitchen-worker', 'data-state': state },
    el('th', { scope: 'row' }, worker.name ?? `Cook ${Number.isInteger(worker.slot) ? worker.slot + 1 : worker.id ?? index + 1}`),
    el('td', { 'data-testid': 'kitchen-worker-pid' }, worker.pid !== undefined && worker.pid !== null ? String(worker.pid) : '—'),
    el('td', {}, el('span', { className: `status-pill ${state.toUpperCase()}`, 'data-testid': 'kitchen-worker-state' }, state)),
    el('td', {}, job ? String(job) : '—'),
    el('td', { className: 'num', 'data-testid': 'kitchen-worker-jobs' }, String(worker.jobsDone ?? worker.completedJobs ?? 0)),
    el('td', { className: 'num', 'data-testid': 'kitchen-worker-restarts' }, String(worker.restarts ?? 0)),
    el('td', { className: 'num' }, uptime(worker.uptimeMillis)));
}
