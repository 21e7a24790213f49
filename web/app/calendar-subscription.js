// The 日历订阅 dialog: the caller's own address for the press schedule's iCalendar feed, which
// calendar apps fetch without signing in (src/press/calendar-subscriptions.ts). The server keeps
// only a hash of the address, so it can be shown once, when it is created; afterwards the dialog
// says when it was created and last read, and offers a new one (the old stops working) or none.
import { t } from '../static/i18n.js';
import { api } from './api.js';
import { byId } from './dom.js';
import { formatAbsolute } from './format.js';
import { copyField } from './secret-dialog.js';
import { describeError } from './sources-panel.js';

/** @typedef {{ active: boolean, createdAt: string | null, lastUsedAt: string | null }} SubscriptionView */

export class CalendarSubscriptionDialog {
  constructor() {
    this.dialog = byId('subscription-dialog', HTMLDialogElement);
    this.status = byId('subscription-status', HTMLElement);
    this.fresh = byId('subscription-new', HTMLElement);
    this.url = byId('subscription-url', HTMLInputElement);
    this.copy = byId('subscription-copy', HTMLButtonElement);
    this.error = byId('subscription-error', HTMLElement);
    this.issueButton = byId('subscription-issue', HTMLButtonElement);
    this.revokeButton = byId('subscription-revoke', HTMLButtonElement);
    /** @type {SubscriptionView | null} */
    this.subscription = null;
    byId('subscription-close', HTMLButtonElement).addEventListener('click', () => this.dialog.close());
    this.issueButton.addEventListener('click', () => void this.issue());
    this.revokeButton.addEventListener('click', () => void this.revoke());
    this.copy.addEventListener('click', () => void this.copyAddress());
    this.url.addEventListener('focus', () => this.url.select());
    // The address is not kept once the dialog closes: it was to be copied now.
    this.dialog.addEventListener('close', () => this.showAddress(''));
  }

  async open() {
    this.showAddress('');
    this.showError('');
    this.subscription = null;
    this.render();
    this.dialog.showModal();
    await this.run(async () => {
      this.subscription = (await api('GET', '/api/press/calendar-subscription')).subscription;
    });
  }

  async issue() {
    if (this.subscription?.active && !confirm(t('subscription.reissueConfirm'))) return;
    await this.run(async () => {
      const { subscription, url } = await api('POST', '/api/press/calendar-subscription');
      this.subscription = subscription;
      this.showAddress(url);
    });
  }

  async revoke() {
    if (!confirm(t('subscription.revokeConfirm'))) return;
    await this.run(async () => {
      await api('DELETE', '/api/press/calendar-subscription');
      this.subscription = { active: false, createdAt: null, lastUsedAt: null };
      this.showAddress('');
    });
    if (!this.error.textContent) this.status.textContent = t('subscription.revoked');
  }

  async copyAddress() {
    // Without a clipboard (plain HTTP on an office network) the address stays selected for Ctrl+C.
    if (await copyField(this.url)) this.copy.textContent = t('subscription.copied');
  }

  /** @param {() => Promise<void>} work */
  async run(work) {
    this.showError('');
    this.issueButton.disabled = true;
    this.revokeButton.disabled = true;
    try {
      await work();
    } catch (err) {
      this.showError(t('subscription.failed', { reason: describeError(err) }));
    } finally {
      this.issueButton.disabled = false;
      this.revokeButton.disabled = false;
      this.render();
    }
  }

  /** @param {string} url */
  showAddress(url) {
    this.url.value = url;
    this.fresh.hidden = url === '';
    this.copy.textContent = t('subscription.copy');
  }

  /** @param {string} text */
  showError(text) {
    this.error.textContent = text;
    this.error.hidden = text === '';
  }

  /** Redraws in the current language. */
  render() {
    const s = this.subscription;
    const active = Boolean(s?.active);
    if (!s) this.status.textContent = '';
    else if (active && s.createdAt)
      this.status.textContent = t('subscription.active', {
        created: formatAbsolute(new Date(s.createdAt)),
        used: s.lastUsedAt ? formatAbsolute(new Date(s.lastUsedAt)) : t('subscription.neverUsed'),
      });
    else this.status.textContent = t('subscription.none');
    this.issueButton.textContent = t(active ? 'subscription.reissue' : 'subscription.issue');
    this.revokeButton.hidden = !active;
    if (!this.fresh.hidden) this.copy.textContent = t('subscription.copy');
  }
}
