// The back office's product form. Edit: GET /api/products/{id} and keep its ETag, then PUT the product (all but its
// stock) with `If-Match: <that ETag>`; a 412 (changed by someone else meanwhile) reloads the form with the current
// version. A changed stock is sent as what it is, a change: POST /api/products/{id}/stock {change: new - shown}, which
// adds to whatever was sold since the form was filled. New: POST /api/products (201 + Location) with the first stock.
// Prices are typed in the currency's units and sent in cents.
import { request, send, itemsOf } from './api.js';
import { showError } from './errors.js';
import { announce } from './format.js';

const $ = (id) => document.getElementById(id);
const FIELDS = {
  name: 'product-form-name',
  description: 'product-form-description',
  priceCents: 'product-form-price',
  stock: 'product-form-stock',
  category: 'product-form-category',
};
const MAX_PRICE_CENTS = 100_000_000; // catalog-service's ProductRequest.MAX_PRICE_CENTS: 1,000,000.00
const MAX_STOCK = 1_000_000;
const CONFLICT = 'This product was changed by someone else; the form now shows the current version.';

// id null: a new product. etag: the version the form shows, sent as If-Match. product: as the service last sent it.
// gone: the product was deleted meanwhile (nothing left to save).
const form = { id: null, etag: null, product: null, gone: false, saving: false, onSaved: () => {}, categories: null };

export function initProductForm({ onSaved }) {
  form.onSaved = onSaved;
  $('product-form').addEventListener('submit', (event) => {
    event.preventDefault();
    save();
  });
  $('product-form-cancel').addEventListener('click', () => {
    closeEditor();
    $('office-products-title').focus();
  });
}

/** The id of the product the form edits, or null (closed, or a new product). */
export function editing() {
  return $('product-form').hidden ? null : form.id;
}

export function closeEditor() {
  $('product-form').hidden = true;
  Object.assign(form, { id: null, etag: null, product: null });
}

export async function openEditor(id) {
  reset(`Edit product ${id}`, 'Save');
  $('product-form-save').disabled = true;
  setStatus('Loading the product…');
  $('product-form-title').focus();
  await loadCategories();
  if (await fetchCurrent(id)) setStatus('');
}

export async function openCreator() {
  reset('New product', 'Create product');
  Object.assign(form, { id: null, etag: null, product: null });
  fill({ name: '', description: '', priceCents: 0, stock: 0, currency: 'EUR', category: '' });
  $('product-form-title').focus();
  await loadCategories();
}

function reset(title, saveLabel) {
  $('product-form').hidden = false;
  $('product-form-title').textContent = title;
  $('product-form-save').textContent = saveLabel;
  $('product-form-conflict').hidden = true;
  form.gone = false;
  showError($('product-form-error'), null);
  for (const id of Object.values(FIELDS)) setFieldError(id, '');
  setStatus('');
}

/** Reads the product and its ETag into the form; false when it could not be read. */
async function fetchCurrent(id) {
  try {
    const { data, headers } = await send('catalog', `/api/products/${encodeURIComponent(id)}`);
    keep(id, data, headers);
    fill(data);
    $('product-form-save').disabled = false;
    return true;
  } catch (error) {
    setStatus('');
    form.gone = true;
    showError($('product-form-error'), error.status === 404 ? { message: 'This product no longer exists: someone deleted it.' } : error,
      { returnHash: '#/office' });
    $('product-form-save').disabled = true;
    return false;
  }
}

function keep(id, product, headers) {
  // The ETag header (exposed by the catalog's CORS policy); the body's version makes the same strong tag.
  const etag = headers.get('ETag') ?? (Number.isFinite(product?.version) ? `"${product.version}"` : null);
  Object.assign(form, { id, product, etag, gone: false });
}

async function save() {
  if (form.saving) return;
  showError($('product-form-error'), null);
  const body = readForm();
  if (!body) return;
  form.saving = true;
  const button = $('product-form-save');
  button.disabled = true;
  button.textContent = 'Saving…';
  setStatus('Saving…');
  try {
    let result;
    if (form.id === null) {
      result = await send('catalog', '/api/products', { method: 'POST', body });
      const id = idFrom(result.headers.get('Location')) ?? result.data?.id;
      keep(id, result.data, result.headers);
      reset(`Edit product ${id}`, 'Save');
      setStatus(`Created ${result.data?.name ?? 'the product'} (product ${id}).`);
    } else {
      const { stock, ...details } = body;
      const change = stock - (form.product?.stock ?? stock);
      const path = `/api/products/${encodeURIComponent(form.id)}`;
      result = await send('catalog', path, { method: 'PUT', body: details, headers: { 'If-Match': form.etag ?? '*' } });
      keep(form.id, result.data, result.headers);
      if (change !== 0) {
        result = await send('catalog', `${path}/stock`, { method: 'POST', body: { change } });
        keep(form.id, result.data, result.headers);
      }
      $('product-form-conflict').hidden = true;
      setStatus(`Saved ${result.data?.name ?? 'the product'}.`);
    }
    fill(result.data);
    announce($('product-form-status').textContent);
    form.onSaved(result.data);
  } catch (error) {
    setStatus('');
    if (error.status === 412) {
      // Someone saved in between: show their version (and its new ETag) rather than overwrite it.
      $('product-form-conflict').textContent = CONFLICT;
      $('product-form-conflict').hidden = false;
      await fetchCurrent(form.id);
      form.onSaved(form.product);
    } else if (error.status === 404 && form.id !== null) {
      form.gone = true;
      showError($('product-form-error'), { message: 'This product no longer exists: someone deleted it.' });
    } else {
      showFieldErrors(error);
      showError($('product-form-error'), error, { returnHash: '#/office' });
    }
  } finally {
    form.saving = false;
    button.disabled = form.gone;
    button.textContent = form.id === null ? 'Create product' : 'Save';
  }
}

/** The product as the form has it (ProductRequest's fields), or null after marking what is wrong. */
function readForm() {
  const name = $(FIELDS.name).value.trim();
  const description = $(FIELDS.description).value.trim();
  const priceCents = parsePrice($(FIELDS.priceCents).value);
  const stockText = $(FIELDS.stock).value.trim();
  const stock = /^\d+$/.test(stockText) ? Number(stockText) : NaN;
  const category = $(FIELDS.category).value;
  const errors = {
    [FIELDS.name]: !name ? 'Please enter a name.' : name.length > 200 ? 'A name can be at most 200 characters.' : '',
    [FIELDS.description]: description.length > 2000 ? 'A description can be at most 2000 characters.' : '',
    [FIELDS.priceCents]: priceCents === null ? 'Please enter a price like 12.50 (at most two decimals).'
      : priceCents > MAX_PRICE_CENTS ? 'A price can be at most 1,000,000.00.' : '',
    [FIELDS.stock]: !Number.isInteger(stock) ? 'Please enter a whole number, 0 or more.' : stock > MAX_STOCK ? 'Stock can be at most 1,000,000.' : '',
    [FIELDS.category]: category ? '' : 'Please choose a category.',
  };
  let first = null;
  for (const [id, message] of Object.entries(errors)) {
    setFieldError(id, message);
    if (message && !first) first = id;
  }
  if (first) {
    $(first).focus();
    return null;
  }
  const image = form.product?.imageUrl;
  return {
    name,
    description,
    category,
    priceCents,
    currency: form.product?.currency ?? 'EUR',
    stock,
    // The catalog draws a picture when a product has none and then shows this path: send it back as "none".
    imageUrl: image && image !== `/api/products/${form.id}/image` ? image : null,
  };
}

/** "12.5", "12,50", "1200" → cents; null when it is not such a number. No floating point on the way. */
export function parsePrice(text) {
  const match = /^\s*(\d{1,9})(?:[.,](\d{1,2}))?\s*$/.exec(String(text));
  if (!match) return null;
  return Number(match[1]) * 100 + Number((match[2] ?? '0').padEnd(2, '0'));
}

function formatPrice(cents) {
  const c = Math.max(0, Math.round(Number(cents) || 0));
  return `${Math.floor(c / 100)}.${String(c % 100).padStart(2, '0')}`;
}

function fill(product) {
  if (!product) return;
  $(FIELDS.name).value = product.name ?? '';
  $(FIELDS.description).value = product.description ?? '';
  $(FIELDS.priceCents).value = formatPrice(product.priceCents);
  $('product-form-price-label').textContent = `Price (${product.currency ?? 'EUR'})`;
  $(FIELDS.stock).value = String(product.stock ?? 0);
  const select = $(FIELDS.category);
  if (product.category && ![...select.options].some((o) => o.value === product.category)) {
    select.add(new Option(product.categoryName ?? product.category, product.category));
  }
  select.value = product.category ?? '';
}

function showFieldErrors(error) {
  for (const { field, message } of error.fieldErrors ?? []) {
    const id = FIELDS[field.split('.').pop()];
    if (id) setFieldError(id, message);
  }
}

function setFieldError(id, message) {
  $(`${id}-error`).textContent = message;
  if (message) $(id).setAttribute('aria-invalid', 'true');
  else $(id).removeAttribute('aria-invalid');
}

function setStatus(text) {
  $('product-form-status').textContent = text;
}

function idFrom(location) {
  const match = /\/api\/products\/(\d+)\/?$/.exec(location ?? '');
  return match ? Number(match[1]) : null;
}

async function loadCategories() {
  if (form.categories) return;
  const select = $(FIELDS.category);
  try {
    const categories = itemsOf(await request('catalog', '/api/categories'));
    form.categories = categories;
    const chosen = select.value;
    select.replaceChildren(new Option('Choose a category', ''));
    for (const c of categories) {
      const slug = typeof c === 'string' ? c : c?.slug ?? c?.name;
      if (slug) select.add(new Option(typeof c === 'string' ? c : c.name ?? slug, slug));
    }
    select.value = chosen;
  } catch {
    // The product's own category is still offered (fill adds it); a failure shows when saving.
  }
}
