// The login page: posts the credentials and goes to the board on success.
import { applyI18n, bindLangSwitch, t, translateErrorCode } from './i18n.js';

const form = /** @type {HTMLFormElement} */ (document.getElementById('login-form'));
const username = /** @type {HTMLInputElement} */ (document.getElementById('username'));
const password = /** @type {HTMLInputElement} */ (document.getElementById('password'));
const submit = /** @type {HTMLButtonElement} */ (document.getElementById('login-submit'));
const errorBox = /** @type {HTMLElement} */ (document.getElementById('login-error'));
const langSwitch = /** @type {HTMLButtonElement} */ (document.getElementById('lang-switch'));

/** @type {string | null} the error code on screen, kept so a language switch re-translates it */
let shownError = null;

applyI18n();
bindLangSwitch(langSwitch);
langSwitch.addEventListener('click', () => {
  submit.textContent = t(submit.disabled ? 'login.submitting' : 'login.submit');
  if (shownError) showError(shownError);
});

/** @param {string | null} code */
function showError(code) {
  shownError = code;
  errorBox.hidden = code === null;
  errorBox.textContent = code === null ? '' : code === 'network' ? t('error.network') : translateErrorCode(code);
  username.setAttribute('aria-invalid', String(code === 'unauthenticated'));
  password.setAttribute('aria-invalid', String(code === 'unauthenticated'));
}

/** @param {boolean} busy */
function setBusy(busy) {
  submit.disabled = busy;
  submit.textContent = t(busy ? 'login.submitting' : 'login.submit');
}

form.addEventListener('submit', async (event) => {
  event.preventDefault();
  if (!username.value.trim() || !password.value) {
    (username.value.trim() ? password : username).focus();
    return;
  }
  showError(null);
  setBusy(true);
  try {
    const res = await fetch('/api/auth/login', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
      body: JSON.stringify({ username: username.value.trim(), password: password.value }),
    });
    if (res.ok) {
      location.assign('/');
      return;
    }
    /** @type {{ error?: { code?: string } } | null} */
    const body = await res.json().catch(() => null);
    showError(body?.error?.code ?? (res.status === 429 ? 'too_many_requests' : 'internal'));
    password.select();
  } catch {
    showError('network');
  }
  setBusy(false);
});
