// Back office (staff): the product table with Edit, Delete (confirmed in the row) and New product; the product
// form is product-form.js, the sales report report.js. The services decide who may do what; this view only
// hides what a customer could not use.
import { request, itemsOf } from './api.js';
import { currentUser, hasRole, onUserChanged, sessionEnded } from './auth.js';
import { showError, startSignIn } from './errors.js';
import { el, money, announce } from './format.js';
import { initProductForm, openEditor, openCreator, closeEditor, editing } from './product-form.js';
import { initReport } from './report.js';

const $ = (id) => document.getElementById(id);
const PAGE_SIZE = 20;
const state = { page: 0, total: 0, products: new Map(), open: false, ticket: null };

export function initOffice() {
  initProductForm({ onSaved: () => load(state.page) });
  initReport();
  $('office-create').addEventListener('click', () => openCreator());
  $('office-sign-in').addEventListener('click', () => startSignIn('#/office', $('office-error')));
  $('office-prev').addEventListener('click', () => { load(state.page - 1); $('office-products-title').focus(); });
  $('office-next').addEventListener('click', () => { load(state.page + 1); $('office-products-title').focus(); });
  $('office-product-rows').addEventListener('click', onRowClick);
  onUserChanged(() => { if (state.open) enterOffice(); });
}

export function enterOffice() {
  const wasOpen = state.open;
  state.open = true;
  const staff = hasRole('staff');
  $('office-denied').hidden = staff;
  $('office-content').hidden = !staff;
  if (!staff) {
    const user = currentUser();
    $('office-denied-text').textContent = user
      ? `The back office is for staff; ${user.name} is signed in without the staff role. Sign out, then sign in with a staff account.`
      : sessionEnded() ? 'Please sign in again to use the back office.'
        : 'The back office is for staff. Sign in with a staff account to use it.';
    $('office-sign-in').hidden = Boolean(user); // Keycloak would sign the same person in again at once
    closeEditor();
    return;
  }
  if (!wasOpen || state.products.size === 0) load(state.page);
}

export function leaveOffice() {
  state.open = false;
}

async function load(page) {
  const ticket = {};
  state.ticket = ticket;
  $('office-status').textContent = 'Loading products…';
  $('office-products').setAttribute('aria-busy', 'true');
  try {
    const data = await request('catalog', `/api/products?${new URLSearchParams({ page: String(Math.max(0, page)), size: String(PAGE_SIZE), sort: 'id' })}`);
    if (state.ticket !== ticket) return;
    const items = itemsOf(data, 'products');
    state.page = Number.isInteger(data?.page) ? data.page : page;
    state.total = Number.isFinite(data?.total) ? data.total : items.length;
    state.products = new Map(items.map((p) => [p.id, p]));
    showError($('office-error'), null);
    $('office-product-rows').replaceChildren(...items.map(renderRow));
    const pages = Math.max(1, Math.ceil(state.total / PAGE_SIZE));
    $('office-status').textContent = `${state.total} product${state.total === 1 ? '' : 's'}, page ${state.page + 1} of ${pages}.`;
    $('office-pager').hidden = pages <= 1;
    $('office-page-info').textContent = `Page ${state.page + 1} of ${pages}`;
    $('office-prev').disabled = state.page <= 0;
    $('office-next').disabled = state.page >= pages - 1;
  } catch (error) {
    if (state.ticket !== ticket) return;
    $('office-status').textContent = '';
    showError($('office-error'), error, { returnHash: '#/office' });
  } finally {
    if (state.ticket === ticket) $('office-products').removeAttribute('aria-busy');
  }
}

function renderRow(product) {
  return el('tr', { id: `office-product-${product.id}`, 'data-testid': 'office-product', 'data-product-id': product.id },
    el('td', { className: 'num' }, String(product.id)),
    el('th', { scope: 'row', 'data-testid': 'office-product-name' }, product.name ?? ''),
    el('td', {}, product.categoryName ?? product.category ?? ''),
    el('td', { className: 'num', 'data-testid': 'office-product-price' }, money(product.priceCents, product.currency)),
    el('td', { className: 'num', 'data-testid': 'office-product-stock' }, String(product.stock ?? '')),
    el('td', { className: 'row-actions' }, actions(product)));
}

function actions(product) {
  const id = product.id;
  return [
    el('button', { type: 'button', id: `office-edit-${id}`, 'data-testid': `office-edit-${id}`, className: 'button button-small', 'data-action': 'edit', 'data-product-id': id, 'aria-label': `Edit ${product.name}` }, 'Edit'),
    ' ',
    el('button', { type: 'button', id: `office-delete-${id}`, 'data-testid': `office-delete-${id}`, className: 'button button-small', 'data-action': 'delete', 'data-product-id': id, 'aria-label': `Delete ${product.name}` }, 'Delete'),
  ];
}

/** "Delete Teapot? [Yes, delete] [Keep it]" in the row itself: no window.confirm, which tests and screen readers handle badly. */
function confirmation(product) {
  const id = product.id;
  return [
    el('span', { id: `office-delete-question-${id}` }, `Delete ${product.name}? `),
    el('button', { type: 'button', id: `office-delete-confirm-${id}`, 'data-testid': `office-delete-confirm-${id}`, className: 'button button-small button-primary', 'data-action': 'delete-confirm', 'data-product-id': id, 'aria-describedby': `office-delete-question-${id}` }, 'Yes, delete'),
    ' ',
    el('button', { type: 'button', id: `office-delete-keep-${id}`, 'data-testid': `office-delete-keep-${id}`, className: 'button button-small', 'data-action': 'delete-keep', 'data-product-id': id }, 'Keep it'),
  ];
}

async function onRowClick(event) {
  const button = event.target.closest('button[data-action]');
  if (!button) return;
  const id = Number(button.dataset.productId);
  const product = state.products.get(id);
  const cell = button.closest('td');
  switch (button.dataset.action) {
    case 'edit':
      openEditor(id);
      break;
    case 'delete':
      if (!product) return;
      cell.replaceChildren(...confirmation(product));
      $(`office-delete-confirm-${id}`).focus();
      break;
    case 'delete-keep':
      if (!product) return;
      cell.replaceChildren(...actions(product));
      $(`office-delete-${id}`).focus();
      break;
    case 'delete-confirm':
      await remove(id, product, cell);
      break;
    default:
  }
}

async function remove(id, product, cell) {
  for (const b of cell.querySelectorAll('button')) b.disabled = true;
  try {
    await request('catalog', `/api/products/${encodeURIComponent(id)}`, { method: 'DELETE' });
    announce(`${product?.name ?? `Product ${id}`} is deleted.`);
    if (editing() === id) closeEditor();
    showError($('office-error'), null);
    await load(state.page);
    $('office-products-title').focus();
  } catch (error) {
    if (error.status === 404) { // someone else was quicker: the product is gone either way
      announce(`${product?.name ?? `Product ${id}`} was already deleted.`);
      await load(state.page);
      return;
    }
    showError($('office-error'), error, { prefix: `Could not delete ${product?.name ?? `product ${id}`}: `, returnHash: '#/office' });
    if (product) cell.replaceChildren(...actions(product));
  }
}
