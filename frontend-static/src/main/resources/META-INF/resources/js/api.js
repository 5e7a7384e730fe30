// Calls to the three services, with every failure turned into an ApiError whose message a shopper can read.
import { loadConfig } from './config.js';

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
 * fetch() against one service. Resolves with the parsed JSON body (or null for 204); rejects with an ApiError.
 * `service` is 'catalog', 'order' or 'worker'.
 */
export async function request(service, path, { method = 'GET', body, headers = {}, signal } = {}) {
  const url = await serviceUrl(service, path);
  const name = SERVICE_NAMES[service];
  const init = { method, headers: { Accept: 'application/json, application/problem+json', ...headers } };
  if (body !== undefined) {
    init.headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  const timeout = new AbortController();
  const timer = setTimeout(() => timeout.abort(), TIMEOUT_MS);
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
      throw new ApiError(`The ${name} did not answer within ${TIMEOUT_MS / 1000} seconds. Please try again in a moment.`, { service });
    }
    throw new ApiError(`The ${name} cannot be reached right now (is it running at ${new URL(url).origin}?). Please try again in a moment.`, { service });
  } finally {
    clearTimeout(timer);
  }

  if (response.status === 204) return null;
  const text = await response.text();
  let data = null;
  if (text) {
    try {
      data = JSON.parse(text);
    } catch {
      data = null;
    }
  }
  if (response.ok) return data;
  throw problemToError(service, response, data);
}

function problemToError(service, response, problem) {
  const name = SERVICE_NAMES[service];
  const status = response.status;
  const fieldErrors = Array.isArray(problem?.errors)
    ? problem.errors.filter((e) => e && typeof e.message === 'string').map((e) => ({ field: String(e.field ?? ''), message: e.message }))
    : [];
  const detail = typeof problem?.detail === 'string' && problem.detail ? problem.detail : null;
  const title = typeof problem?.title === 'string' && problem.title ? problem.title : null;
  let message;
  if (status === 503 || status === 502 || status === 504) {
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
