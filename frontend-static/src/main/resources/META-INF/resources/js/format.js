const moneyFormats = new Map();

export function money(cents, currency = 'EUR') {
  const code = typeof currency === 'string' && /^[A-Z]{3}$/.test(currency) ? currency : 'EUR';
  if (!moneyFormats.has(code)) {
    moneyFormats.set(code, new Intl.NumberFormat(undefined, { style: 'currency', currency: code }));
  }
  return moneyFormats.get(code).format((Number(cents) || 0) / 100);
}

export function dateTime(value) {
  if (!value) return '';
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? String(value) : date.toLocaleString();
}

/** Builds an element: el('p', {className: 'x', textContent: 'hi'}, child...). Never sets innerHTML. */
export function el(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'dataset') Object.assign(node.dataset, value);
    else if (key.startsWith('aria-') || key.startsWith('data-') || key === 'role' || key === 'for') node.setAttribute(key, value === true ? '' : value);
    else node[key] = value;
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

export function show(node, message) {
  node.textContent = message;
  node.hidden = !message;
}

let announceTimer;
/** Tells screen-reader users about something that happened elsewhere on the page (e.g. "Added to cart"). */
export function announce(message) {
  const announcer = document.getElementById('announcer');
  clearTimeout(announceTimer);
  announcer.textContent = '';
  announceTimer = setTimeout(() => { announcer.textContent = message; }, 50);
}
