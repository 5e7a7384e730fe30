// A worker job followed to its end (its event stream, or polling when the stream cannot be had), and its result
// file downloaded with the signed-in person's token.
import { fetchService, request } from './api.js';
import { readEventStream } from './sse.js';

export const FINAL = new Set(['SUCCEEDED', 'FAILED']);
const POLL_MS = 1000;
const DOWNLOAD_TIMEOUT_MS = 60000;

/**
 * Follows job `jobId` until it SUCCEEDED or FAILED and resolves with that job (null once `signal` aborted).
 * First `GET /api/jobs/{id}/events` read with fetch(), whose events (`state`, `progress`, any other name) each
 * carry the whole job as JSON; the service ends the stream after the final one. When the stream cannot be opened
 * (e.g. 503: too many streams) or breaks, `onFallback(reason)` is called and `GET /api/jobs/{id}` is polled every
 * second instead (`onPollError(error)` when a poll fails). `onJob(job)` is called for every state seen. Rejects with the ApiError of a 401, 403 or 404,
 * which polling would only repeat.
 */
export async function watchJob(jobId, { onJob, onFallback = () => {}, onPollError = () => {}, signal } = {}) {
  const path = `/api/jobs/${encodeURIComponent(jobId)}`;
  let last = null;
  let reason = 'the live stream ended early';
  try {
    const response = await fetchService('worker', `${path}/events`, { accept: 'text/event-stream', signal });
    if (!response.body) throw new Error('this browser cannot read a response as a stream');
    await readEventStream(response.body, (event) => {
      const job = parseJob(event.data);
      if (!job) return false;
      last = job;
      onJob(job);
      return FINAL.has(job.status);
    });
    if (last && FINAL.has(last.status)) return last;
  } catch (error) {
    if (signal?.aborted) return null;
    if (isFinalRefusal(error)) throw error;
    reason = error?.message || String(error);
  }
  if (signal?.aborted) return null;
  onFallback(reason);
  return poll(path, { onJob, onPollError, signal });
}

async function poll(path, { onJob, onPollError, signal }) {
  for (;;) {
    try {
      const job = await request('worker', path, { signal });
      if (signal?.aborted) return null;
      onJob(job);
      if (FINAL.has(job?.status)) return job;
    } catch (error) {
      if (signal?.aborted) return null;
      if (isFinalRefusal(error)) throw error;
      onPollError(error); // unreachable or busy for a moment: the next poll may well get through
    }
    await sleep(POLL_MS, signal);
    if (signal?.aborted) return null;
  }
}

function isFinalRefusal(error) {
  return error?.status === 401 || error?.status === 403 || error?.status === 404;
}

function parseJob(data) {
  try {
    const job = JSON.parse(data);
    return job && typeof job === 'object' && typeof job.status === 'string' ? job : null;
  } catch {
    return null;
  }
}

function sleep(ms, signal) {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => { clearTimeout(timer); resolve(); }, { once: true });
  });
}

/**
 * Downloads job `jobId`'s file: `GET /api/jobs/{id}/result` with the token, saved through an object URL under the
 * name its Content-Disposition gives (when the service exposes that header to the page), else `fallbackName`.
 * Resolves with the file name used.
 */
export async function downloadJobResult(jobId, fallbackName) {
  const response = await fetchService('worker', `/api/jobs/${encodeURIComponent(jobId)}/result`, {
    accept: 'application/pdf, text/csv, application/octet-stream, application/problem+json;q=0.9, */*;q=0.8',
    timeoutMs: DOWNLOAD_TIMEOUT_MS,
  });
  const blob = await response.blob();
  const name = fileNameOf(response.headers.get('Content-Disposition')) ?? fallbackName;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
  // The browser has taken the file once the click is handled; give a slow one a minute before letting go.
  setTimeout(() => URL.revokeObjectURL(url), 60000);
  return name;
}

/** `attachment; filename*=UTF-8''r%C3%A9sum%C3%A9.csv` or `filename="invoice-42.pdf"` → a safe file name, or null. */
export function fileNameOf(disposition) {
  if (!disposition) return null;
  let name = null;
  const extended = /filename\*\s*=\s*(?:UTF-8|utf-8)''([^;]+)/.exec(disposition);
  if (extended) {
    try {
      name = decodeURIComponent(extended[1].trim());
    } catch {
      name = null;
    }
  }
  if (!name) {
    const plain = /filename\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s]+))/.exec(disposition);
    if (plain) name = plain[1] !== undefined ? plain[1].replace(/\\(.)/g, '$1') : plain[2];
  }
  if (!name) return null;
  // A name, never a path; no control characters.
  name = name.replace(/[\\/]/g, '_').replace(/[\u0000-\u001f\u007f]/g, '').trim().slice(0, 200);
  return name && name !== '.' && name !== '..' ? name : null;
}
