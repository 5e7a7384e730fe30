// Server-Sent Events read with fetch(): EventSource cannot send an Authorization header, and a token must never
// go into a URL (URLs end up in access logs, proxies and the browser's history). The format, as the HTML standard
// has it: lines ending in CRLF, LF or CR; `field: value`; a line starting with ':' is a comment; a blank line
// ends an event, whose data lines are joined with LF; an event left unfinished when the stream ends is dropped.

export class EventStreamParser {
  /** `onEvent({ type, data, id })` for every complete event; `type` is 'message' when the event names none. */
  constructor(onEvent) {
    this.onEvent = onEvent;
    this.buffer = '';
    this.lastEventId = '';
    this.type = '';
    this.data = [];
  }

  /** Feeds decoded text; a chunk may end anywhere, also between the CR and LF of one line ending. */
  push(text) {
    this.buffer += text;
    // A CR at the very end waits for the next chunk: it may be the first half of a CRLF.
    const lineEnd = /\r\n|\n|\r(?!$)/g;
    let start = 0;
    let match;
    while ((match = lineEnd.exec(this.buffer))) {
      this.line(this.buffer.slice(start, match.index));
      start = match.index + match[0].length;
    }
    this.buffer = this.buffer.slice(start);
  }

  /** The stream ended: a held CR ends its line; an event without its blank line is not dispatched. */
  end() {
    if (this.buffer.endsWith('\r')) this.line(this.buffer.slice(0, -1));
    this.buffer = '';
    this.type = '';
    this.data = [];
  }

  line(line) {
    if (line === '') {
      this.dispatch();
      return;
    }
    if (line.startsWith(':')) return; // a comment, e.g. a keep-alive
    const colon = line.indexOf(':');
    const field = colon === -1 ? line : line.slice(0, colon);
    let value = colon === -1 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1);
    if (field === 'event') this.type = value;
    else if (field === 'data') this.data.push(value);
    else if (field === 'id' && !value.includes('\0')) this.lastEventId = value;
    // `retry` and unknown fields are ignored: reconnecting is the caller's decision.
  }

  dispatch() {
    const type = this.type || 'message';
    const data = this.data;
    this.type = '';
    this.data = [];
    if (data.length === 0) return;
    this.onEvent({ type, data: data.join('\n'), id: this.lastEventId });
  }
}

/**
 * Reads an event stream body (a fetch Response's `body`) to its end, calling `onEvent` for each event. When
 * `onEvent` returns true the stream is cancelled and reading stops there.
 */
export async function readEventStream(body, onEvent) {
  const reader = body.getReader();
  const decoder = new TextDecoder(); // UTF-8, drops a leading BOM
  let stop = false;
  const parser = new EventStreamParser((event) => {
    if (!stop && onEvent(event) === true) stop = true;
  });
  try {
    while (!stop) {
      const { value, done } = await reader.read();
      if (done) {
        parser.push(decoder.decode());
        parser.end();
        return;
      }
      parser.push(decoder.decode(value, { stream: true }));
    }
    await reader.cancel().catch(() => {});
  } finally {
    reader.releaseLock();
  }
}
