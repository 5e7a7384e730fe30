// The shop's entry point: sign-in first (it may be Keycloak sending the browser back), then a tiny hash router
// over the six views.
import { initAuth, onUserChanged } from './auth.js';
import { initAccount } from './account.js';
import { initCatalogue, reloadCatalogue } from './catalogue.js';
import { initCheckout } from './checkout.js';
import { initOrder, showOrder, stopOrderView } from './order.js';
import { initOrders, enterOrders, leaveOrders } from './orders.js';
import { initOffice, enterOffice, leaveOffice } from './office.js';
import { stopReport } from './report.js';
import { enterKitchen, leaveKitchen } from './kitchen.js';
import { show } from './format.js';

const VIEWS = ['shop', 'cart', 'order', 'orders', 'office', 'kitchen'];
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
  if (view !== 'orders') leaveOrders();
  if (view !== 'office') leaveOffice();
  if (view !== 'kitchen') leaveKitchen();
  if (view === 'order' && param) {
    const id = decodeURIComponent(param);
    showOrder(id, placedOrder && String(placedOrder.id) === id ? placedOrder : undefined);
    placedOrder = null;
  } else if (view === 'orders') {
    enterOrders();
  } else if (view === 'office') {
    enterOffice();
  } else if (view === 'kitchen') {
    enterKitchen();
  }
  document.title = `${document.getElementById(`view-${view}`).querySelector('h1').textContent} · Brigade Kitchen Supply`;
  return view;
}

async function init() {
  initAccount();
  initCatalogue(); // public: it does not wait for sign-in
  initCheckout({
    onOrderPlaced(order) {
      placedOrder = order;
      reloadCatalogue(); // stock just went down
      location.hash = `#/order/${encodeURIComponent(order.id)}`;
    },
  });
  initOrder();
  initOrders();
  initOffice();
  // Before the first route: coming back from Keycloak, this puts the view the user left (e.g. #/cart) back.
  const { error } = await initAuth();
  if (error) show(document.getElementById('global-error'), error);
  onUserChanged((user) => { if (!user) stopReport(); });
  route();
  window.addEventListener('hashchange', () => {
    const view = route();
    // Move focus to the new view's heading so keyboard and screen-reader users land where the content is.
    document.querySelector(`#view-${view} h1`).focus();
  });
}

init();
