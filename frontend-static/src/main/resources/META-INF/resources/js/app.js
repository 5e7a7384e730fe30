// The shop's entry point: a tiny hash router over the five views.
import { initCatalogue, reloadCatalogue } from './catalogue.js';
import { initCheckout } from './checkout.js';
import { showOrder, stopOrderView } from './order.js';
import { initOrders, enterOrders } from './orders.js';
import { enterKitchen, leaveKitchen } from './kitchen.js';

const VIEWS = ['shop', 'cart', 'order', 'orders', 'kitchen'];
let placedOrder = null;

function route() {
  const [, name = 'shop', param] = (location.hash || '#/shop').split('/');
  const view = VIEWS.includes(name) ? name : 'shop';
  for (const v of VIEWS) document.getElementById(`view-${v}`).hidden = v !== view;
  for (const link of document.querySelectorAll('.nav-list a')) {
    if (link.id === `nav-${view}`) link.setAttribute('aria-current', 'page');
    else link.removeAttribute('aria-current');
  }

  if (view !== 'order') stopOrderView();
  if (view !== 'kitchen') leaveKitchen();
  if (view === 'order' && param) {
    const id = decodeURIComponent(param);
    showOrder(id, placedOrder && String(placedOrder.id) === id ? placedOrder : undefined);
    placedOrder = null;
  } else if (view === 'orders') {
    enterOrders();
  } else if (view === 'kitchen') {
    enterKitchen();
  }
  document.title = `${document.getElementById(`view-${view}`).querySelector('h1').textContent} · Brigade Kitchen Supply`;
  return view;
}

function init() {
  initCatalogue();
  initCheckout({
    onOrderPlaced(order) {
      placedOrder = order;
      reloadCatalogue(); // stock just went down
      location.hash = `#/order/${encodeURIComponent(order.id)}`;
    },
  });
  initOrders();
  route();
  window.addEventListener('hashchange', () => {
    const view = route();
    // Move focus to the new view's heading so keyboard and screen-reader users land where the content is.
    document.querySelector(`#view-${view} h1`).focus();
  });
}

init();
