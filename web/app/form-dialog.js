// What every add/edit dialog on the board shares: its <dialog>, <form>, heading, form-level error
// box and save button; the cancel and submit wiring; error boxes beside the fields (marked with
// aria-invalid for screen readers); the busy save button; and the save round trip.
import { t } from '../static/i18n.js';
import { byId } from './dom.js';

export class FormDialog {
  /**
   * Finds `${prefix}-dialog`, `-form`, `-dialog-title`, `-save` and `-cancel`.
   * @param {string} prefix
   * @param {{ formError: string, fieldError: (field: string) => string, fields: readonly string[] }} options
   *   the form-level error box's id, each field's error box id, and the fields
   */
  constructor(prefix, options) {
    this.dialog = byId(`${prefix}-dialog`, HTMLDialogElement);
    this.form = byId(`${prefix}-form`, HTMLFormElement);
    this.heading = byId(`${prefix}-dialog-title`, HTMLElement);
    this.formError = byId(options.formError, HTMLElement);
    this.save = byId(`${prefix}-save`, HTMLButtonElement);
    this.fieldNames = options.fields;
    this.errorBoxId = options.fieldError;
    byId(`${prefix}-cancel`, HTMLButtonElement).addEventListener('click', () => this.dialog.close());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (this.canSubmit()) void this.submit();
    });
  }

  /** Whether pressing save submits (false for read-only views). */
  canSubmit() {
    return true;
  }

  /** Sends the form; each dialog writes its own. */
  async submit() {}

  /**
   * The input a field's error belongs to (marked aria-invalid); null when there is none.
   * @param {string} _field
   * @returns {HTMLElement | null}
   */
  inputFor(_field) {
    return null;
  }

  /** @param {boolean} busy */
  setBusy(busy) {
    this.save.disabled = busy;
    this.save.textContent = t(busy ? 'form.saving' : 'form.save');
  }

  clearErrors() {
    this.formError.hidden = true;
    this.formError.textContent = '';
    for (const field of this.fieldNames) this.showFieldError(field, null);
  }

  /**
   * Adds a line to a field's error box (a line already there is not repeated), or clears it.
   * @param {string} field
   * @param {string | Node[] | null} message text, or nodes (a marked-up excerpt)
   */
  showFieldError(field, message) {
    const box = byId(this.errorBoxId(field), HTMLElement);
    if (message === null) {
      box.replaceChildren();
      box.removeAttribute('title');
    } else if (typeof message !== 'string') {
      box.append(...message);
    } else if (!(box.textContent ?? '').split('\n').includes(message)) {
      box.append(box.childNodes.length ? `\n${message}` : message);
    }
    box.hidden = message === null;
    this.inputFor(field)?.setAttribute('aria-invalid', String(message !== null));
  }

  /**
   * Shows a field's error and puts the cursor there.
   * @param {string} field
   * @param {string} message
   */
  focusError(field, message) {
    this.showFieldError(field, message);
    this.inputFor(field)?.focus();
  }

  /** @param {string[]} lines */
  showFormError(lines) {
    this.formError.textContent = lines.filter((line) => line !== '').join('\n');
    this.formError.hidden = false;
  }

  /**
   * The save round trip: the button is busy while the request runs; on success the dialog closes
   * and `done` gets the answer; on failure `failed` shows the error and the dialog stays open.
   * @template T
   * @param {() => Promise<T>} request
   * @param {(result: T) => void} done
   * @param {(err: unknown) => void} failed
   */
  async send(request, done, failed) {
    this.setBusy(true);
    try {
      const result = await request();
      this.dialog.close();
      done(result);
    } catch (err) {
      failed(err);
    }
    this.setBusy(false);
  }
}
