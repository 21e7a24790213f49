// 用户 (administrators only): the accounts with their role and state; an administrator creates an
// account, changes its name or role, disables or enables it, and resets its password. Generated
// passwords come back once and are shown once, in the secret dialog. The signed-in administrator's
// own row offers neither 停用 nor 重置密码 (a reset would end this very session, closing the dialog
// that shows the new password): they use 修改密码 in the top bar.
import { t } from '../static/i18n.js';
import { api } from './api.js';
import { h } from './dom.js';
import { formatAbsolute } from './format.js';
import { SecretDialog } from './secret-dialog.js';
import { describeError } from './sources-panel.js';
import { UserForm, describeRefusal } from './user-form.js';

/** @typedef {import('./user-form.js').Account} Account */

export class UsersPanel {
  /**
   * @param {{ table: HTMLTableElement, empty: HTMLElement, count: HTMLElement, message: HTMLElement, add: HTMLButtonElement, refresh: HTMLButtonElement }} els
   * @param {number} selfId the signed-in administrator's account
   * @param {{ onSelfChanged: (account: Account) => void }} callbacks
   */
  constructor(els, selfId, callbacks) {
    this.els = els;
    this.selfId = selfId;
    this.callbacks = callbacks;
    /** @type {Map<number, Account>} */
    this.accounts = new Map();
    this.secret = new SecretDialog();
    this.form = new UserForm(selfId, (account, password) => {
      this.upsert(account);
      if (account.id === selfId) callbacks.onSelfChanged(account);
      this.say(t(password ? 'users.created' : 'users.saved', { name: nameOf(account) }));
      if (password) {
        this.secret.open(
          password,
          () => ({
            heading: t('secret.createdTitle', { name: nameOf(account) }),
            intro: t('secret.createdIntro', { username: account.username, role: t(`role.${account.role}`) }),
          }),
          () => els.add,
        );
      }
    });
    els.add.addEventListener('click', () => this.form.open(null));
    els.refresh.addEventListener('click', () => void this.load());
  }

  /** Loads every account and shows them. */
  async load() {
    try {
      /** @type {{ users: Account[] }} */
      const { users } = await api('GET', '/api/users');
      this.accounts = new Map(users.map((u) => [u.id, u]));
    } catch (err) {
      this.say(describeError(err), false);
    }
    this.render();
  }

  /** @param {Account} account */
  upsert(account) {
    this.accounts.set(account.id, account);
    this.render();
  }

  /**
   * @param {string} text
   * @param {boolean} ok
   */
  say(text, ok = true) {
    this.els.message.textContent = text;
    this.els.message.classList.toggle('is-error', !ok);
    this.els.message.hidden = text === '';
  }

  /** Redraws the table (also in a new language). */
  render() {
    // Oldest first: the order accounts were handed out.
    const sorted = [...this.accounts.values()].sort((a, b) => a.id - b.id);
    // Keep keyboard focus on the same button across the re-render after an action.
    const active = document.activeElement;
    const focusKey = active instanceof HTMLElement && this.els.table.contains(active) ? active.dataset['focusKey'] : undefined;
    for (const body of this.els.table.querySelectorAll('tbody')) body.remove();
    this.els.table.append(...sorted.map((a) => this.buildAccount(a)));
    if (focusKey) this.els.table.querySelector(`[data-focus-key="${focusKey}"]`)?.closest('button')?.focus();
    this.els.empty.hidden = sorted.length > 0;
    const disabled = sorted.filter((a) => a.disabled).length;
    this.els.count.textContent = disabled ? t('users.countDisabled', { n: sorted.length, disabled }) : t('users.count', { n: sorted.length });
    this.secret.render();
  }

  /**
   * One account as a <tbody>: a row of data, then a row of actions spanning the table.
   * @param {Account} a
   */
  buildAccount(a) {
    const self = a.id === this.selfId;
    const username = h('td', 'col-username', h('span', 'mono', a.username));
    if (self) username.append(h('span', 'tag', t('users.you')));
    const displayName = h('td', 'col-display-name', a.displayName);
    const role = h('td', 'col-role', t(`role.${a.role}`));
    const state = h('span', `badge account-state`, t(a.disabled ? 'users.disabled' : 'users.enabled'));
    state.dataset['state'] = a.disabled ? 'disabled' : 'enabled';
    const created = h('time', '', formatAbsolute(new Date(a.createdAt)).slice(0, 16));
    created.dateTime = a.createdAt;
    created.title = formatAbsolute(new Date(a.createdAt));

    // Accounts nobody signs in with are the ones to review.
    const lastLogin = a.lastLoginAt ? h('time', '', formatAbsolute(new Date(a.lastLoginAt)).slice(0, 16)) : h('span', 'muted', t('users.neverSignedIn'));
    if (lastLogin instanceof HTMLTimeElement && a.lastLoginAt) lastLogin.dateTime = a.lastLoginAt;

    const body = h(
      'tbody',
      'account',
      h('tr', 'account-data', username, displayName, role, h('td', 'col-state', state), h('td', 'col-last-login', lastLogin), h('td', 'col-created', created)),
    );
    const actions = h('td', '', this.buildActions(a, self));
    actions.colSpan = 6;
    body.append(h('tr', 'account-actions', actions));
    body.dataset['id'] = String(a.id);
    body.dataset['username'] = a.username;
    body.classList.toggle('is-disabled', a.disabled);
    body.classList.toggle('is-self', self);
    return body;
  }

  /**
   * @param {Account} a
   * @param {boolean} self
   */
  buildActions(a, self) {
    const buttons = h('div', 'actions');
    /**
     * @param {string} action
     * @param {string} label
     * @param {string} className
     * @param {() => void} onClick
     */
    const button = (action, label, className, onClick) => {
      const b = h('button', `btn btn-small ${className}`, label);
      b.type = 'button';
      // 停用 and 启用 share a key: focus stays on the button that replaced the one pressed.
      b.dataset['focusKey'] = focusKey(a, action);
      b.dataset['action'] = action;
      b.setAttribute('aria-label', `${label} · ${a.username}`);
      b.addEventListener('click', onClick);
      buttons.append(b);
    };
    button('edit', t('users.edit'), '', () => this.form.open(a));
    if (!self) {
      if (a.disabled) button('enable', t('users.enable'), '', () => void this.setDisabled(a, false));
      else button('disable', t('users.disable'), 'btn-danger', () => void this.setDisabled(a, true));
      button('reset-password', t('users.resetPassword'), '', () => void this.resetPassword(a));
    }
    return buttons;
  }

  /**
   * Disables (after a confirmation) or enables an account.
   * @param {Account} a
   * @param {boolean} disabled
   */
  async setDisabled(a, disabled) {
    if (disabled && !confirm(t('users.confirmDisable', { name: nameOf(a) }))) return;
    await this.run(async () => {
      /** @type {{ user: Account }} */
      const { user } = await api('PATCH', `/api/users/${a.id}`, { disabled });
      this.accounts.set(user.id, user);
      this.say(t(disabled ? 'users.disabledDone' : 'users.enabledDone', { name: nameOf(user) }));
    });
  }

  /**
   * Gives an account a new generated password (after a confirmation) and shows it once.
   * @param {Account} a
   */
  async resetPassword(a) {
    if (!confirm(t('users.confirmReset', { name: nameOf(a) }))) return;
    await this.run(async () => {
      /** @type {{ user: Account, password: string }} */
      const { user, password } = await api('POST', `/api/users/${a.id}/password`);
      this.accounts.set(user.id, user);
      this.say(t('users.resetDone', { name: nameOf(user) }));
      this.secret.open(
        password,
        () => ({
          heading: t('secret.resetTitle', { name: nameOf(user) }),
          intro: t('secret.resetIntro', { username: user.username }),
        }),
        () => this.els.table.querySelector(`[data-focus-key="${focusKey(user, 'reset-password')}"]`),
      );
    });
  }

  /**
   * Runs an action on an account and redraws; a refusal or failure goes to the status line.
   * @param {() => Promise<void>} work
   */
  async run(work) {
    try {
      await work();
    } catch (err) {
      this.say(describeRefusal(err) ?? describeError(err), false);
    }
    this.render();
  }
}

/**
 * The key that finds an account's button again after a redraw.
 * @param {Account} a
 * @param {string} action
 */
function focusKey(a, action) {
  return `${a.id}-${action === 'enable' || action === 'disable' ? 'toggle' : action}`;
}

/**
 * The name an account is called by in messages: its display name, else its login name.
 * @param {Account} a
 */
function nameOf(a) {
  return a.displayName || a.username;
}
