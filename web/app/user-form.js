// The account dialog (用户 tab): a new account with its login name, name and role, or a change of
// name and role of an existing one (the login name stays). The signed-in administrator cannot
// change their own role, so the role is locked on their own account; the server refuses it anyway.
import { t } from '../static/i18n.js';
import { ApiError, api } from './api.js';
import { byId } from './dom.js';
import { FormDialog } from './form-dialog.js';
import { describeError } from './sources-panel.js';

/** @typedef {'admin' | 'staff' | 'duty' | 'leader'} Role */
/** @typedef {{ id: number, username: string, displayName: string, role: Role, disabled: boolean, createdAt: string, lastLoginAt: string | null }} Account */
/** @typedef {'username' | 'displayName' | 'role'} FieldName */

const fieldNames = /** @type {FieldName[]} */ (['username', 'displayName', 'role']);
/** The server's rule for login names (src/auth/accounts.ts, USERNAME_PATTERN). */
const usernamePattern = /^[\w.\-@]{1,64}$/u;

export class UserForm extends FormDialog {
  /**
   * @param {number} selfId the signed-in administrator's account
   * @param {(account: Account, password: string | null) => void} onSaved the one-time password for a new account, null after a change
   */
  constructor(selfId, onSaved) {
    // Its ids start with account-: the top bar's #user-name and #user-role are the signed-in user.
    super('account', { formError: 'account-form-error', fieldError: (field) => `account-error-${field}`, fields: fieldNames });
    this.selfId = selfId;
    this.onSaved = onSaved;
    this.username = byId('account-username', HTMLInputElement);
    this.displayName = byId('account-displayName', HTMLInputElement);
    this.role = byId('account-role', HTMLSelectElement);
    this.selfRoleHint = byId('account-hint-role', HTMLElement);
    /** @type {Account | null} */
    this.editing = null;
  }

  /**
   * Opens the dialog, empty for a new account or filled with an existing one.
   * @param {Account | null} account
   */
  open(account) {
    this.editing = account;
    this.form.reset();
    this.clearErrors();
    this.heading.textContent = t(account ? 'userForm.editTitle' : 'userForm.addTitle');
    this.username.value = account?.username ?? '';
    this.username.readOnly = account !== null;
    this.displayName.value = account?.displayName ?? '';
    this.role.value = account?.role ?? 'duty';
    const self = account !== null && account.id === this.selfId;
    this.role.disabled = self;
    this.selfRoleHint.hidden = !self;
    this.setBusy(false);
    this.dialog.showModal();
    (account ? this.displayName : this.username).focus();
  }

  /**
   * @override
   * @param {string} field
   */
  inputFor(field) {
    return field === 'username' ? this.username : field === 'displayName' ? this.displayName : field === 'role' ? this.role : null;
  }

  /** @override */
  async submit() {
    this.clearErrors();
    const editing = this.editing;
    const username = this.username.value.trim();
    const displayName = this.displayName.value.trim();
    const role = /** @type {Role} */ (this.role.value);
    if (!editing) {
      if (username === '') return this.focusError('username', t('form.required'));
      if (!usernamePattern.test(username)) return this.focusError('username', t('userForm.error.username'));
    }
    if (displayName.length > 128) return this.focusError('displayName', t('userForm.error.displayName'));
    await this.send(
      /** @returns {Promise<{ user: Account, password?: string }>} */
      () => {
        if (!editing) return api('POST', '/api/users', { username, displayName, role });
        // An emptied name shows the login name, as for a new account.
        /** @type {{ displayName: string, role?: Role }} */
        const change = { displayName: displayName || editing.username };
        if (editing.id !== this.selfId) change.role = role;
        return api('PATCH', `/api/users/${editing.id}`, change);
      },
      ({ user, password }) => this.onSaved(user, password ?? null),
      (err) => this.showApiError(err),
    );
  }

  /** @param {unknown} err */
  showApiError(err) {
    /** @type {FieldName | null} */
    let first = null;
    /** @type {string[]} */
    const unplaced = [];
    /**
     * @param {FieldName} field
     * @param {string} message
     */
    const place = (field, message) => {
      this.showFieldError(field, message);
      first ??= field;
    };
    // A conflict is a taken login name (its details name the field) or a refused change.
    const refusal = describeRefusal(err);
    /** The form-level line: a refusal says why; a taken name, like invalid input, points at its field. */
    let summary = refusal ?? describeError(err);
    if (err instanceof ApiError && err.code === 'conflict' && Array.isArray(err.details) && err.details.some((d) => d?.path === 'username')) {
      place('username', t('userForm.error.taken'));
      summary = t('error.validation_failed');
    } else if (refusal && err instanceof ApiError && Array.isArray(err.details) && err.details.some((d) => d?.path === 'role')) {
      place('role', refusal);
    }
    if (err instanceof ApiError && err.code === 'validation_failed' && Array.isArray(err.details)) {
      for (const detail of err.details) {
        const path = String(detail?.path ?? '');
        const field = fieldNames.find((f) => f === path);
        if (field) place(field, t(`userForm.error.${field}`));
        else unplaced.push(`${path ? `${path}: ` : ''}${String(detail?.message ?? '')}`);
      }
    }
    this.showFormError([summary, ...unplaced]);
    if (first) this.inputFor(first)?.focus();
  }
}

/**
 * Translates the server's reasons for refusing an account change (src/auth/accounts.ts,
 * refuseAccountChange); an unknown reason is shown as the server gave it, null when there is none.
 * @param {unknown} err
 */
export function describeRefusal(err) {
  if (!(err instanceof ApiError) || err.code !== 'conflict') return null;
  const reason = Array.isArray(err.details) ? err.details.find((d) => typeof d?.reason === 'string')?.reason : undefined;
  if (reason === 'own-account') return t('users.error.selfDisable');
  if (reason === 'own-role') return t('users.error.selfRole');
  if (reason === 'last-admin') return t('users.error.lastAdmin');
  // A taken login name is a conflict too, with details naming the field: the form places it.
  if (Array.isArray(err.details) && err.details.length) return null;
  return err.message ? t('users.failed', { reason: err.message }) : null;
}
