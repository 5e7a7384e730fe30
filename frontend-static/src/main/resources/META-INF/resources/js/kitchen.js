// Kitchen: the worker's child JVMs, refreshed every two seconds while the view is open.
import { request, itemsOf } from './api.js';
import { el, show } from './format.js';

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
    show($('kitchen-error'), '');
    $('kitchen-status').textContent = workers.length === 0
      ? 'No cooks in the kitchen right now.'
      : `${workers.length} cook${workers.length === 1 ? '' : 's'} in the kitchen. Last update ${new Date().toLocaleTimeString()}.`;
    $('kitchen-workers').replaceChildren(...workers.map(renderWorker));
  } catch (error) {
    if (!running) return;
    $('kitchen-status').textContent = '';
    show($('kitchen-error'), error.message);
  }
  if (running) timer = setTimeout(refresh, REFRESH_MS);
}

function renderWorker(worker, index) {
  const state = String(worker.state ?? worker.status ?? 'UNKNOWN');
  const job = worker.currentJobId ?? worker.jobId ?? worker.currentJob?.id ?? '';
  return el('tr', { 'data-testid': 'kitchen-worker', 'data-state': state },
    el('th', { scope: 'row' }, worker.name ?? (worker.id !== undefined ? `Cook ${worker.id}` : `Cook ${index + 1}`)),
    el('td', { 'data-testid': 'kitchen-worker-pid' }, worker.pid !== undefined && worker.pid !== null ? String(worker.pid) : '—'),
    el('td', {}, el('span', { className: `status-pill ${state.toUpperCase()}`, 'data-testid': 'kitchen-worker-state' }, state)),
    el('td', {}, job ? String(job) : '—'),
    el('td', { className: 'num', 'data-testid': 'kitchen-worker-jobs' }, String(worker.jobsDone ?? worker.completedJobs ?? 0)),
    el('td', { className: 'num', 'data-testid': 'kitchen-worker-restarts' }, String(worker.restarts ?? 0)));
}
