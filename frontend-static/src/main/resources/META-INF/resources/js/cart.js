// The cart lives in localStorage, so it survives a reload and is shared by the shop's tabs.
const KEY = 'brigade.cart.v1';
const MAX_QUANTITY = 1000;
const listeners = new Set();

function read() {
  try {
    const lines = JSON.parse(localStorage.getItem(KEY) || '[]');
    return Array.isArray(lines) ? lines.filter((l) => l && Number.isInteger(l.productId) && l.quantity > 0) : [];
  } catch {
    return [];
  }
}

function write(lines) {
  try {
    localStorage.setItem(KEY, JSON.stringify(lines));
  } catch {
    // Storage full or disabled: the cart still works for this page view.
  }
  listeners.forEach((listener) => listener(lines));
}

export const cart = {
  lines: read,

  count() {
    return read().reduce((sum, line) => sum + line.quantity, 0);
  },

  totalCents() {
    return read().reduce((sum, line) => sum + line.quantity * line.priceCents, 0);
  },

  currency() {
    return read()[0]?.currency ?? 'EUR';
  },

  /** Adds one of a product (or more), never beyond the stock we last saw. Returns the new quantity. */
  add(product, quantity = 1) {
    const lines = read();
    let line = lines.find((l) => l.productId === product.id);
    if (!line) {
      line = { productId: product.id, name: product.name, priceCents: product.priceCents, currency: product.currency, imageUrl: product.imageUrl, quantity: 0 };
      lines.push(line);
    }
    Object.assign(line, { name: product.name, priceCents: product.priceCents, currency: product.currency, stock: product.stock });
    const limit = Math.min(MAX_QUANTITY, Number.isInteger(product.stock) ? product.stock : MAX_QUANTITY);
    line.quantity = Math.max(1, Math.min(limit, line.quantity + quantity));
    write(lines);
    return line.quantity;
  },

  setQuantity(productId, quantity) {
    const lines = read();
    const line = lines.find((l) => l.productId === productId);
    if (!line) return;
    line.quantity = Math.max(1, Math.min(MAX_QUANTITY, Math.floor(quantity)));
    write(lines);
  },

  remove(productId) {
    write(read().filter((l) => l.productId !== productId));
  },

  clear() {
    write([]);
  },

  onChange(listener) {
    listeners.add(listener);
  },
};

window.addEventListener('storage', (event) => {
  if (event.key === KEY) listeners.forEach((listener) => listener(read()));
});
