// The topic dialog: add a topic (专题) with its key and name, or rename one (the key stays: rules,
// classifications and labels refer to it).
import { t } from '../static/i18n.js';
import { ApiError, api } from './api.js';
import { byId } from './dom.js';
import { describeError } from './sources-panel.js';

/** @typedef {import('./rules-panel.js').TopicView} TopicView */

export class TopicForm {
  /**
   * @param {(topic: TopicView, created: boolean) => void} onSaved
   */
  constructor(onSaved) {
    this.onSaved = onSaved;
    this.dialog = byId('topic-dialog', HTMLDialogElement);
    this.form = byId('topic-form', HTMLFormElement);
    this.heading = byId('topic-dialog-title', HTMLElement);
    this.formError = byId('topic-form-error', HTMLElement);
    this.save = byId('topic-save', HTMLButtonElement);
    this.name = byId('topic-name', HTMLInputElement);
    this.key = byId('topic-key', HTMLInputElement);
    /** @type {TopicView | null} */
    this.editing = null;
    byId('topic-cancel', HTMLButtonElement).addEventListener('click', () => this.dialog.close());
    this.form.addEventListener('submit', (event) => {
      event.preventDefault();
      void this.submit();
    });
  }

  /**
   * Opens the dialog, empty for a new topic or filled with an existing one.
   * @param {TopicView | null} topic
   */
  open(topic) {
    this.editing = topic;
    this.form.reset();
    this.clearErrors();
    this.heading.textContent = t(topic ? 'topicForm.editTitle' : 'topicForm.addTitle');
    this.name.value = topic?.name ?? '';
    this.key.value = topic?.key ?? '';
    this.key.readOnly = topic !== null;
    this.save.disabled = false;
    this.dialog.showModal();
    this.name.focus();
  }

  clearErrors() {
    this.formError.hidden = true;
    for (const field of /** @type {const} */ (['name', 'key'])) this.showFieldError(field, null);
  }

  /**
   * @param {'name' | 'key'} field
   * @param {string | null} message
   */
  showFieldError(field, message) {
    const box = byId(`topic-error-${field}`, HTMLElement);
    box.textContent = message ?? '';
    box.hidden = message === null;
    this[field].setAttribute('aria-invalid', String(message !== null));
  }

  async submit() {
    this.clearErrors();
    const name = this.name.value.trim();
    const key = this.key.value.trim();
    if (name === '') return this.showFieldError('name', t('form.required'));
    if (key === '') return this.showFieldError('key', t('form.required'));
    this.save.disabled = true;
    try {
      const editing = this.editing;
      /** @type {{ topic: TopicView }} */
      const { topic } = editing ? await api('PATCH', `/api/topics/${editing.id}`, { name }) : await api('POST', '/api/topics', { key, name });
      this.dialog.close();
      this.onSaved(topic, !editing);
    } catch (err) {
      if (err instanceof ApiError && err.code === 'conflict') this.showFieldError('key', t('topicForm.duplicate'));
      if (err instanceof ApiError && err.code === 'validation_failed' && Array.isArray(err.details)) {
        for (const detail of err.details) {
          const path = String(detail?.path ?? '');
          if (path === 'key') this.showFieldError('key', t('topicForm.keyRule'));
          if (path === 'name') this.showFieldError('name', String(detail?.message ?? ''));
        }
      }
      this.formError.textContent = describeError(err);
      this.formError.hidden = false;
    }
    this.save.disabled = false;
  }
}
