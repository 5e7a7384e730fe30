// Catalogue: search, category filter, paging and product cards.
import { request, itemsOf } from './api.js';
import { loadConfig } from './config.js';
import { cart } from './cart.js';
import { money, show, announce } from './format.js';

const PAGE_SIZE = 12;
const state = { q: '', category: '', page: 0, total: 0, loading: null, products: new Map() };

const $ = (id) => document.getElementById(id);

export function initCatalogue() {
  const form = $('search-form');
  let debounce;
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearTimeout(debounce);
    search();
  });
  $('search-input').addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(search, 350);
  });
  $('category-select').addEventListener('change', search);
  $('page-prev').addEventListener('click', () => goTo(state.page - 1));
  $('page-next').addEventListener('click', () => goTo(state.page + 1));
  $('product-grid').addEventListener('click', (event) => {
    const button = event.target.closest('button.add-to-cart');
    if (!button) return;
    const product = state.products.get(Number(button.dataset.productId));
    if (!product) return;
    const quantity = cart.add(product);
    announce(`${product.name} added to cart (${quantity} in cart).`);
    button.textContent = `Added (${quantity})`;
  });
  loadCategories();
  search();
}

function search() {
  state.q = $('search-input').value.trim();
  state.category = $('category-select').value;
  load(0);
}

function goTo(page) {
  load(page);
  $('shop-title').focus();
}

async function loadCategories() {
  const select = $('category-select');
  try {
    const categories = itemsOf(await request('catalog', '/api/categories'), 'categories');
    for (const category of categories) {
      const name = typeof category === 'string' ? category : category?.name;
      if (!name) continue;
      const value = typeof category === 'string' ? category : (category.slug ?? category.name);
      const count = typeof category === 'object' && Number.isFinite(category.productCount) ? ` (${category.productCount})` : '';
      const option = new Option(name + count, value);
      option.dataset.name = name;
      select.add(option);
    }
  } catch (error) {
    // The product list shows the same failure in words; the filter just stays at "All categories".
  }
}

async function load(page) {
  const params = new URLSearchParams({ page: String(page), size: String(PAGE_SIZE) });
  if (state.q) params.set('q', state.q);
  if (state.category) params.set('category', state.category);
  const ticket = {};
  state.loading = ticket;
  $('catalogue-status').textContent = 'Loading products…';
  $('product-grid').setAttribute('aria-busy', 'true');
  try {
    const [data, config] = await Promise.all([request('catalog', `/api/products?${params}`), loadConfig()]);
    if (state.loading !== ticket) return; // a newer search won
    show($('catalogue-error'), '');
    const items = itemsOf(data, 'products');
    state.page = Number.isInteger(data?.page) ? data.page : page;
    state.total = Number.isFinite(data?.total) ? data.total : items.length;
    render(items, config.catalogUrl);
  } catch (error) {
    if (state.loading !== ticket) return;
    $('catalogue-status').textContent = '';
    show($('catalogue-error'), error.message);
    $('product-grid').replaceChildren();
    $('pager').hidden = true;
  } finally {
    if (state.loading === ticket) $('product-grid').removeAttribute('aria-busy');
  }
}

function render(items, catalogUrl) {
  const grid = $('product-grid');
  const template = $('product-card');
  state.products.clear();
  grid.replaceChildren(...items.map((product) => {
    state.products.set(product.id, product);
    const card = template.content.firstElementChild.cloneNode(true);
    card.dataset.productId = product.id;
    card.id = `product-${product.id}`;
    const image = card.querySelector('.product-image');
    if (product.imageUrl) {
      image.src = new URL(product.imageUrl, catalogUrl + '/').href;
      image.alt = product.name;
    } else {
      image.remove();
    }
    card.querySelector('.product-name').textContent = product.name;
    card.querySelector('.product-category').textContent = product.categoryName ?? product.category ?? '';
    card.querySelector('.product-description').textContent = product.description ?? '';
    card.querySelector('.product-price').textContent = money(product.priceCents, product.currency);
    const stock = card.querySelector('.product-stock');
    const button = card.querySelector('.add-to-cart');
    button.dataset.productId = product.id;
    button.setAttribute('aria-label', `Add ${product.name} to cart`);
    if (product.stock > 0) {
      stock.textContent = product.stock <= 10 ? `Only ${product.stock} left` : `${product.stock} in stock`;
      if (product.stock <= 10) stock.classList.add('low');
    } else {
      stock.textContent = 'Out of stock';
      stock.classList.add('none');
      button.disabled = true;
      button.textContent = 'Out of stock';
      button.setAttribute('aria-label', `${product.name} is out of stock`);
    }
    return card;
  }));

  const pages = Math.max(1, Math.ceil(state.total / PAGE_SIZE));
  const what = [state.q && `“${state.q}”`, state.category && $('category-select').selectedOptions[0]?.dataset.name].filter(Boolean).join(' in ');
  $('catalogue-status').textContent = state.total === 0
    ? `No products found${what ? ` for ${what}` : ''}.`
    : `${state.total} product${state.total === 1 ? '' : 's'}${what ? ` for ${what}` : ''}, page ${state.page + 1} of ${pages}.`;
  $('pager').hidden = pages <= 1;
  $('page-info').textContent = `Page ${state.page + 1} of ${pages}`;
  $('page-prev').disabled = state.page <= 0;
  $('page-next').disabled = state.page >= pages - 1;
}

/** Products currently on screen, for refreshing stock after an order. */
export function reloadCatalogue() {
  load(state.page);
}
