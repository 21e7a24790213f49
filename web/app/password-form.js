// 修改密码 (top bar, every role): the signed-in user sets a new password of their own. The server
// checks the current one and the rules for a new one (src/auth/accounts.ts, refusePassword) and ends
// the user's other sessions; this one stays signed in.
import { t } from '../static/i18n.js';
import { ApiError, api } from './api.js';
import { byId } from './dom.js';
import { FormDialog } from './form-dialog.js';
import { describeError } from './sources-panel.js';

/** @typedef {'current' | 'next' | 'confirm'} FieldName */

const fieldNames = /** @type {FieldName[]} */ (['current', 'next', 'confirm']);

/** The server's reasons for refusing a new password, by what they say, and their translations. */
const refusals = /** @type {[RegExp, string][]} */ ([
  [/at least \d+ characters/, 'passwordForm.error.short'],
  [/at most \d+ characters/, 'passwordForm.error.long'],
  [/different characters/, 'passwordForm.error.variety'],
  [/login name/, 'passwordForm.error.username'],
  [/current one/, 'passwordForm.error.same'],
]);

export class PasswordForm extends FormDialog {
  /**
   * @param {string} username the signed-in user's login name (for the browser's password manager)
   * @param {() => void} onChanged
   */
  constructor(username, onChanged) {
    super('password', { formError: 'password-form-error', fieldError: (field) => `password-error-${field}`, fields: fieldNames });
    this.username = username;
    this.onChanged = onChanged;
    this.current = byId('password-current', HTMLInputElement);
    this.next = byId('password-next', HTMLInputElement);
    this.confirm = byId('password-confirm', HTMLInputElement);
    this.usernameField = byId('password-username', HTMLInputElement);
    // Passwords are not kept in the page once the dialog is closed.
    this.dialog.addEventListener('close', () => this.form.reset());
  }

  open() {
    this.form.reset();
    this.usernameField.value = this.username;
    this.clearErrors();
    this.setBusy(false);
    this.dialog.showModal();
    this.current.focus();
  }

  /**
   * @override
   * @param {string} field
   */
  inputFor(field) {
    return field === 'current' ? this.current : field === 'next' ? this.next : field === 'confirm' ? this.confirm : null;
  }

  /** @override */
  async submit() {
    this.clearErrors();
    const current = this.current.value;
    const next = this.next.value;
    if (current === '') return this.focusError('current', t('form.required'));
    if (next === '') return this.focusError('next', t('form.required'));
    if (this.confirm.value !== next) return this.focusError('confirm', t('passwordForm.error.mismatch'));
    await this.send(
      () => api('POST', '/api/auth/password', { current, next }),
      () => this.onChanged(),
      (err) => this.showApiError(err),
    );
  }

  /** @param {unknown} err */
  showApiError(err) {
    /** @type {FieldName | null} */
    let first = null;
    /** @type {string[]} */
    const unplaced = [];
    if (err instanceof ApiError && err.code === 'validation_failed' && Array.isArray(err.details)) {
      for (const detail of err.details) {
        const path = String(detail?.path ?? '');
        const message = String(detail?.message ?? '');
        if (path === 'current') this.showFieldError('current', t('passwordForm.error.current'));
        else if (path === 'next') this.showFieldError('next', translateRefusal(message));
        else unplaced.push(`${path ? `${path}: ` : ''}${message}`);
        if (path === 'current' || path === 'next') first ??= path;
      }
    }
    this.showFormError([describeError(err), ...unplaced]);
    if (first === 'current') {
      this.current.select();
      this.current.focus();
    } else if (first === 'next') {
      this.next.focus();
    }
  }
}

/**
 * A new password's refusal in the interface language; an unknown reason is shown as the server gave it.
 * @param {string} message
 */
function translateRefusal(message) {
  const known = refusals.find(([pattern]) => pattern.test(message));
  return known ? t(known[1]) : message;
}
