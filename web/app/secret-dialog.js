// The one-time secret dialog: a password the server generated for an account (a new one, or a
// reset) comes back once and is stored only as a hash, so it is shown here, with a copy button and
// the warning that it will not be shown again. The value is dropped when the dialog closes.
import { t } from '../static/i18n.js';
import { byId } from './dom.js';

/** @typedef {{ heading: string, intro: string }} SecretText */

/**
 * Selects a read-only field's text and copies it to the clipboard; returns whether the clipboard
 * took it. Without a clipboard (plain HTTP on an office network) the text stays selected for Ctrl+C.
 * @param {HTMLInputElement} input
 */
export async function copyField(input) {
  input.select();
  try {
    await navigator.clipboard.writeText(input.value);
    return true;
  } catch {
    return false;
  }
}

export class SecretDialog {
  constructor() {
    this.dialog = byId('secret-dialog', HTMLDialogElement);
    this.heading = byId('secret-dialog-title', HTMLElement);
    this.intro = byId('secret-intro', HTMLElement);
    this.value = byId('secret-value', HTMLInputElement);
    this.copy = byId('secret-copy', HTMLButtonElement);
    this.copyStatus = byId('secret-copy-status', HTMLElement);
    /** Writes the heading and intro in the current language. @type {() => SecretText} */
    this.describe = () => ({ heading: '', intro: '' });
    /** Where focus goes back to on closing (the button that was pressed may have been redrawn). @type {() => Element | null} */
    this.returnFocus = () => null;
    byId('secret-close', HTMLButtonElement).addEventListener('click', () => this.dialog.close());
    this.copy.addEventListener('click', () => void this.copySecret());
    this.value.addEventListener('focus', () => this.value.select());
    this.dialog.addEventListener('close', () => {
      this.value.value = '';
      this.setCopied(null);
      const back = this.returnFocus();
      if (back instanceof HTMLElement) back.focus();
    });
  }

  /**
   * Shows a secret once, with its heading and intro (a function, so a language switch redraws it).
   * @param {string} secret
   * @param {() => SecretText} describe
   * @param {() => Element | null} [returnFocus] the element to focus after closing
   */
  open(secret, describe, returnFocus = () => null) {
    this.describe = describe;
    this.returnFocus = returnFocus;
    this.value.value = secret;
    this.setCopied(null);
    this.render();
    this.dialog.showModal();
    this.value.focus();
  }

  async copySecret() {
    this.setCopied(await copyField(this.value));
  }

  /** @param {boolean | null} copied null before any attempt */
  setCopied(copied) {
    this.copied = copied;
    this.copy.textContent = t(copied ? 'secret.copied' : 'secret.copy');
    this.copyStatus.textContent = copied === null ? '' : t(copied ? 'secret.copiedNote' : 'secret.noClipboard');
  }

  /** Redraws in the current language. */
  render() {
    const { heading, intro } = this.describe();
    this.heading.textContent = heading;
    this.intro.textContent = intro;
    this.setCopied(this.copied ?? null);
  }
}
