// Sign-in with OpenID Connect (Keycloak): Authorization Code + PKCE (S256) through the vendored oidc-client-ts
// (the global `oidc`, loaded by index.html from this origin). Tokens live in memory and in this tab's
// sessionStorage, never in localStorage, cookies or URLs; a refresh token renews the access token before it ends.
import { loadConfig } from './config.js';

// The view to come back to after Keycloak (e.g. #/cart): this tab's sessionStorage, read once on the way back.
const RETURN_KEY = 'brigade.auth.return';
// A token with less life left than this is renewed before it is sent, so it does not expire on its way.
const MIN_SECONDS_LEFT = 10;

const listeners = new Set();
let manager = null;
let user = null; // the library's User, or null when signed out
let ended = false; // the session ended without the user signing out (a 401, a refused renewal)
let starting = null;

/**
 * Sets the sign-in up once: handles Keycloak's answer when the page was loaded with `?code=…&state=…` (then puts
 * back the view the user was on and cleans the URL) and loads the user kept in this tab.
 * Resolves with `{ error }`: a sentence when sign-in is unavailable or did not complete, else null.
 */
export function initAuth() {
  if (!starting) starting = start();
  return starting;
}

async function start() {
  const config = await loadConfig();
  const oidc = globalThis.oidc;
  if (!oidc || typeof oidc.UserManager !== 'function') {
    return { error: 'Sign-in is unavailable: its script (vendor/oidc-client-ts) did not load.' };
  }

  // Keycloak rotates refresh tokens (a used one is revoked), so two renewals at once (the library's timer and a
  // request that found its token expired) would end the session: there is only ever one on its way.
  class ShopUserManager extends oidc.UserManager {
    signinSilent(args) {
      if (!this.renewal) this.renewal = super.signinSilent(args).finally(() => { this.renewal = null; });
      return this.renewal;
    }
  }

  const home = `${location.origin}/`;
  manager = new ShopUserManager({
    authority: config.oidcAuthority,
    client_id: config.oidcClientId,
    redirect_uri: home,
    post_logout_redirect_uri: home,
    response_type: 'code',
    scope: 'openid profile email',
    automaticSilentRenew: true, // with a refresh token: a POST to the token endpoint, no iframe
    loadUserInfo: false, // name and e-mail come in the ID token
    monitorSession: false, // no check-session iframe (third-party cookies)
    userStore: new oidc.WebStorageStateStore({ store: sessionStorage, prefix: 'brigade.oidc.user.' }),
    // The PKCE verifier and state of a sign-in on its way: this tab only, too (the library's default is localStorage).
    stateStore: new oidc.WebStorageStateStore({ store: sessionStorage, prefix: 'brigade.oidc.state.' }),
  });
  manager.events.addUserLoaded((loaded) => { user = loaded; ended = false; notify(); });
  manager.events.addUserUnloaded(() => { user = null; notify(); });
  manager.events.addSilentRenewError((error) => { renewalFailed(error); });

  let error = null;
  if (isSignInCallback()) {
    const back = takeReturnHash();
    try {
      user = await manager.signinRedirectCallback();
    } catch (e) {
      error = `Signing in did not complete: ${describe(e, config)}. Please try again.`;
    }
    history.replaceState(null, '', `${location.pathname}${back}`);
  }
  if (!user) {
    try {
      user = await manager.getUser();
    } catch {
      user = null;
    }
  }
  notify();
  return { error };
}

function isSignInCallback() {
  const params = new URLSearchParams(location.search);
  return params.has('state') && (params.has('code') || params.has('error'));
}

function takeReturnHash() {
  let hash = null;
  try {
    hash = sessionStorage.getItem(RETURN_KEY);
    sessionStorage.removeItem(RETURN_KEY);
  } catch { /* storage disabled: go to the shop */ }
  return safeHash(hash);
}

/** Only the page's own views (#/cart, #/order/42): nothing else is put back into the address bar. */
function safeHash(hash) {
  return typeof hash === 'string' && /^#\/[\w\-./%]{0,200}$/.test(hash) ? hash : '#/shop';
}

/** Sends the browser to Keycloak; after signing in it comes back to `returnHash` (default: the current view). */
export async function signIn(returnHash = location.hash) {
  await initAuth();
  if (!manager) throw new Error('Sign-in is unavailable: its script did not load.');
  if (!window.isSecureContext || !crypto.subtle) {
    // PKCE S256 hashes its verifier with crypto.subtle, which browsers only offer on https:// and localhost.
    throw new Error('Signing in needs the page on https:// (or on localhost).');
  }
  try {
    sessionStorage.setItem(RETURN_KEY, safeHash(returnHash));
  } catch { /* comes back to the shop */ }
  try {
    await manager.signinRedirect(); // reads Keycloak's discovery document first
  } catch (error) {
    throw new Error(describe(error, await loadConfig()));
  }
}

function describe(error, config) {
  // fetch() rejects with a TypeError when the server cannot be reached or CORS refuses the answer.
  if (error instanceof TypeError) {
    return `the sign-in service cannot be reached (is Keycloak running at ${config.oidcAuthority}?)`;
  }
  return String(error?.message || error).replace(/\.$/, '');
}

/** Forgets the tokens here and ends the Keycloak session, which sends the browser back to the shop. */
export async function signOut() {
  await initAuth();
  if (!manager) return;
  try {
    await manager.signoutRedirect(); // removes the user first; id_token_hint from it
  } catch {
    // Keycloak unreachable: at least this tab forgets the user.
    await forget();
    location.hash = '#/shop';
  }
}

/** The signed-in person, or null: `{ subject, name, email, roles, accessToken }` (accessToken null once expired). */
export function currentUser() {
  if (!user) return null;
  const profile = user.profile ?? {};
  const claims = tokenClaims(user.access_token);
  const roles = Array.isArray(claims?.realm_access?.roles) ? claims.realm_access.roles.map(String) : [];
  return {
    subject: profile.sub ?? null,
    name: profile.name || profile.preferred_username || profile.email || 'you',
    email: profile.email ?? '',
    roles,
    accessToken: user.expired ? null : user.access_token,
  };
}

export function hasRole(role) {
  return currentUser()?.roles.includes(role) ?? false;
}

/** A valid access token, renewed first when it has (nearly) expired; null when signed out or renewal failed. */
export async function accessToken() {
  await initAuth();
  if (!user || !manager) return null;
  if (!(user.expires_in <= MIN_SECONDS_LEFT)) return user.access_token; // also when Keycloak gave no expiry
  try {
    user = await manager.signinSilent();
    notify();
  } catch (error) {
    await renewalFailed(error);
  }
  return user && !user.expired ? user.access_token : null;
}

/** A service answered 401 to our token: the session is gone here, whatever the clock says. */
export async function sessionRejected() {
  if (user) await forget(true);
}

/** True once the session ended by itself (a service refused the token, Keycloak refused to renew it). */
export function sessionEnded() {
  return ended && !user;
}

/** Calls `callback(currentUser())` now and whenever someone signs in, out, or the token is renewed. */
export function onUserChanged(callback) {
  listeners.add(callback);
  callback(currentUser());
  return () => listeners.delete(callback);
}

async function renewalFailed(error) {
  // An answer from Keycloak (invalid_grant: the session ended or the refresh token was used) ends it here too;
  // a network failure does not: the next request tries again.
  if (error && typeof error.error === 'string') await forget(true);
}

async function forget(byItself = false) {
  user = null;
  ended = byItself;
  try {
    await manager?.removeUser();
  } catch { /* already gone */ }
  notify();
}

function notify() {
  const snapshot = currentUser();
  for (const listener of listeners) {
    try {
      listener(snapshot);
    } catch (error) {
      console.error(error);
    }
  }
}

/** The access token's claims (roles are in `realm_access.roles`); for showing the page, never for trusting it. */
function tokenClaims(token) {
  try {
    const part = String(token).split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    const bytes = Uint8Array.from(atob(part), (c) => c.charCodeAt(0));
    return JSON.parse(new TextDecoder().decode(bytes));
  } catch {
    return null;
  }
}
