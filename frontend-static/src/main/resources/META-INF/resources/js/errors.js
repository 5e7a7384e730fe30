// Errors in words, in an alert box; a 401 gets a "Sign in" button that comes back to the same view.
import { signIn } from './auth.js';
import { el } from './format.js';

/**
 * Shows `error` (an ApiError or any Error) in `box`, or hides the box when `error` is null. When the answer was
 * 401 the box also holds a button `<box id>-sign-in` that signs in and returns to `returnHash`.
 */
export function showError(box, error, { prefix = '', returnHash } = {}) {
  box.replaceChildren();
  box.hidden = !error;
  if (!error) return;
  box.append(`${prefix}${error.message ?? error}`);
  if (error.needsSignIn) box.append(' ', signInButton(`${box.id}-sign-in`, returnHash, box));
}

/** A "Sign in" button (id and data-testid `id`); a failure to start signing in is told in `box`. */
export function signInButton(id, returnHash, box, label = 'Sign in') {
  const button = el('button', { type: 'button', id, className: 'button button-small button-primary', 'data-testid': id }, label);
  button.addEventListener('click', () => startSignIn(returnHash ?? location.hash, box));
  return button;
}

/** Sends the browser to Keycloak; if that cannot start (no Keycloak, plain http), says why in `box`. */
export async function startSignIn(returnHash, box) {
  try {
    await signIn(returnHash);
  } catch (error) {
    const target = box ?? document.getElementById('global-error');
    target.replaceChildren(`Cannot sign in right now: ${error?.message || error}`);
    target.hidden = false;
  }
}
