// Calls to the three services, with the signed-in person's token and every failure turned into an ApiError whose
// message a shopper can read.
import { loadConfig } from './config.js';
import { accessToken, sessionRejected } from './auth.js';
import { traceparent } from './trace.js';

const SERVICE_NAMES = {
  catalog: 'catalogue service',
  order: 'order service',
  worker: 'kitchen (worker) service',
};

const TIMEOUT_MS = 15000;

export class ApiError extends Error {
  constructor(message, { service, status = 0, problem = null, fieldErrors = [], retryAfterSeconds = null } = {}) {
    super(message);
    this.name = 'ApiError';
    this.service = service;
    this.status = status;
    this.problem = problem;
    this.fieldErrors = fieldErrors;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  /** The service is busy, not broken: the same request may be sent again after retryAfterSeconds. */
  get busy() {
    return (this.status === 503 || this.status === 429) && this.retryAfterSeconds !== null;
  }

  /** 401: no session, or the service refused its token; the page offers to sign in (again). */
  get needsSignIn() {
    return this.status === 401;
  }

  /** True when the service could not be reached at all (down, wrong URL, refused by CORS). */
  get unreachable() {
    return this.status === 0;
  }
}

export async function serviceUrl(service, path) {
  const config = await loadConfig();
  return config[`${service}Url`] + path;
}

/**
 * fetch() against one service, with `Authorization: Bearer <token>` when someone is signed in (the token never goes
 * into a URL). Resolves with the Response when it is 2xx; rejects with an ApiError otherwise. The time-out covers
 * the wait for the response's headers, not the reading of its body (an event stream, a large file).
 * `service` is 'catalog', 'order' or 'worker'. Every call starts its span with a `traceparent`: in `traceId`'s trace
 * when given (the tries of one checkout share one), else in a new trace.
 */
export async function fetchService(service, path, { method = 'GET', body, headers = {}, signal, accept, timeoutMs = TIMEOUT_MS, traceId } = {}) {
  const url = await serviceUrl(service, path);
  const name = SERVICE_NAMES[service];
  const init = { method, headers: { Accept: accept ?? 'application/json, application/problem+json', traceparent: traceparent(traceId), ...headers } };
  const token = await accessToken();
  if (token) init.headers.Authorization = `Bearer ${token}`;
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), timeoutMs);
  if (signal) {
    if (signal.aborted) timeout.abort();
    signal.addEventListener('abort', () => timeout.abort(), { once: true });
  }
  init.signal = timeout.signal;

  let response;
  try {
    response = await fetch(url, init);
  } catch (error) {
    if (signal && signal.aborted) throw error;
    if (timeout.signal.aborted) {
      throw new ApiError(`The ${name} did not answer within ${Math.round(timeoutMs / 1000)} seconds. Please try again in a moment.`, { service });
    }
    throw new ApiError(`The ${name} cannot be reached right now (is it running at ${new URL(url).origin}?). Please try again in a moment.`, { service });
  } finally {
    clearTimeout(timer);
  }
  if (response.ok) return response;

  const problem = await readJson(response);
  if (response.status === 401 && token) await sessionRejected(); // the header then offers "Sign in" again
  throw problemToError(service, response, problem, Boolean(token));
}

/**
 * A call whose answer is JSON: resolves with `{ status, headers, data }` (data null for 204 or a body that is not
 * JSON); rejects with an ApiError. For the headers the services expose: ETag, Location, Retry-After, traceresponse.
 */
export async function send(service, path, options = {}) {
  const response = await fetchService(service, path, options);
  const data = response.status === 204 ? null : await readJson(response);
  return { status: response.status, headers: response.headers, data };
}

/** Like send(), resolving with the parsed JSON body only. */
export async function request(service, path, options = {}) {
  return (await send(service, path, options)).data;
}

async function readJson(response) {
  let text = '';
  try {
    text = await response.text();
  } catch {
    return null;
  }
  if (!text) return null;
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}

function problemToError(service, response, problem, sentToken) {
  const name = SERVICE_NAMES[service];
  const status = response.status;
  const fieldErrors = Array.isArray(problem?.errors)
    ? problem.errors.filter((e) => e && typeof e.message === 'string').map((e) => ({ field: String(e.field ?? ''), message: e.message }))
    : [];
  const detail = typeof problem?.detail === 'string' && problem.detail ? problem.detail : null;
  const title = typeof problem?.title === 'string' && problem.title ? problem.title : null;
  let message;
  if (status === 401) {
    // No token, an expired one, or one the service no longer accepts: in every case the cure is to sign in.
    message = sentToken ? 'Please sign in again.' : 'Please sign in first.';
  } else if (status === 403) {
    message = detail ?? 'You are not allowed to do this.';
  } else if (status === 503 || status === 502 || status === 504) {
    message = `The ${name} is unavailable right now${detail ? `: ${sentence(detail)}` : '.'} Please try again in a moment.`;
  } else if (detail) {
    message = detail;
  } else if (title) {
    message = title;
  } else {
    message = `The ${name} answered ${status} ${response.statusText || ''}`.trim() + '.';
  }
  // Retry-After in seconds (the services never send the date form); the CORS policy exposes it to the page.
  const retryAfter = Number.parseInt(response.headers.get('Retry-After') ?? '', 10);
  const retryAfterSeconds = Number.isInteger(retryAfter) && retryAfter >= 0 ? Math.min(retryAfter, 60) : null;
  return new ApiError(message, { service, status, problem, fieldErrors, retryAfterSeconds });
}

function sentence(text) {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

/** Lists returned as a bare array or as a page object ({items}, {content}, {orders}, {workers}). */
export function itemsOf(data, ...keys) {
  if (Array.isArray(data)) return data;
  for (const key of ['items', ...keys, 'content', 'data']) {
    if (data && Array.isArray(data[key])) return data[key];
  }
  return [];
}
