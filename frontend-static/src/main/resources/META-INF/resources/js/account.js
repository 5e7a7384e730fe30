// The header's account area ("Sign in", or the signed-in name and "Sign out"), the staff-only links, and the
// page-wide "Please sign in again" when the session ended by itself.
import { onUserChanged, sessionEnded, signOut } from './auth.js';
import { startSignIn } from './errors.js';

const $ = (id) => document.getElementById(id);

export function initAccount() {
  $('nav-sign-in').addEventListener('click', () => startSignIn(location.hash || '#/shop'));
  $('session-ended-sign-in').addEventListener('click', () => startSignIn(location.hash || '#/shop', $('session-ended')));
  $('nav-sign-out').addEventListener('click', async () => {
    $('nav-sign-out').disabled = true;
    await signOut(); // leaves the page for Keycloak's logout, which sends the browser back to the shop
    $('nav-sign-out').disabled = false;
  });
  onUserChanged((user) => {
    $('nav-sign-in').hidden = Boolean(user);
    $('signed-in-name').hidden = !user;
    $('signed-in-name').textContent = user ? user.name : '';
    $('signed-in-name').title = user?.email ?? '';
    $('nav-sign-out').hidden = !user;
    $('session-ended').hidden = !sessionEnded();
    const staff = Boolean(user?.roles.includes('staff'));
    // The links only; the services refuse a customer's token whatever the page shows.
    for (const id of ['nav-office', 'nav-kitchen']) $(id).closest('li').hidden = !staff;
  });
}
