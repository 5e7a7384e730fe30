// W3C Trace Context from the page: every API call sends a `traceparent`, so the trace of what a shopper did starts
// in the browser and the services' spans and log lines join it. The services answer with `traceresponse` (exposed by
// their CORS policy), which the order confirmation reads to show the checkout's trace id.

const TRACEPARENT = /^00-([0-9a-f]{32})-([0-9a-f]{16})-([0-9a-f]{2})$/;
const TRACE_ID = /^[0-9a-f]{32}$/;
const CHECKOUT_TRACES = 'brigade.checkout-traces';
const REMEMBERED = 20;

function randomHex(bytes) {
  const random = crypto.getRandomValues(new Uint8Array(bytes));
  random[0] |= 1; // all zeros is an invalid id
  return [...random].map((b) => b.toString(16).padStart(2, '0')).join('');
}

export function newTraceId() {
  return randomHex(16);
}

/** A `traceparent` for one call: in trace `traceId` (a new trace when none), a new span id, sampled. */
export function traceparent(traceId = newTraceId()) {
  return `00-${traceId}-${randomHex(8)}-01`;
}

/** The trace id a `traceparent` or `traceresponse` header names, or null. */
export function traceIdOf(header) {
  const match = TRACEPARENT.exec(header ?? '');
  return match ? match[1] : null;
}

/** Keeps the trace of an order's checkout for this tab's session, so the confirmation shows it after a reload. */
export function rememberCheckoutTrace(orderId, traceId) {
  if (!orderId || !traceId) return;
  const traces = readCheckoutTraces().filter(([id]) => id !== String(orderId));
  traces.push([String(orderId), traceId]);
  try {
    sessionStorage.setItem(CHECKOUT_TRACES, JSON.stringify(traces.slice(-REMEMBERED)));
  } catch {
    // Storage full or disabled: the trace id is shown on this confirmation only.
  }
}

export function checkoutTraceOf(orderId) {
  const found = readCheckoutTraces().find(([id]) => id === String(orderId));
  return found ? found[1] : null;
}

function readCheckoutTraces() {
  try {
    const traces = JSON.parse(sessionStorage.getItem(CHECKOUT_TRACES) ?? '[]');
    return Array.isArray(traces) ? traces.filter((t) => Array.isArray(t) && TRACE_ID.test(String(t[1]))) : [];
  } catch {
    return [];
  }
}
