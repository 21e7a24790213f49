// The topic dialog: add a topic (专题) with its key and name, or rename one (the key stays: rules,
// classifications and labels refer to it).
import { t } from '../static/i18n.js';
import { ApiError, api } from './api.js';
import { byId } from './dom.js';
import { FormDialog } from './form-dialog.js';
import { describeError } from './sources-panel.js';

/** @typedef {import('./rules-panel.js').TopicView} TopicView */

export class TopicForm extends FormDialog {
  /**
   * @param {(topic: TopicView, created: boolean) => void} onSaved
   */
  constructor(onSaved) {
    super('topic', { formError: 'topic-form-error', fieldError: (field) => `topic-error-${field}`, fields: ['name', 'key'] });
    this.onSaved = onSaved;
    this.name = byId('topic-name', HTMLInputElement);
    this.key = byId('topic-key', HTMLInputElement);
    /** @type {TopicView | null} */
    this.editing = null;
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
    this.setBusy(false);
    this.dialog.showModal();
    this.name.focus();
  }

  /**
   * @override
   * @param {string} field
   */
  inputFor(field) {
    return field === 'name' ? this.name : field === 'key' ? this.key : null;
  }

  /** @override */
  async submit() {
    this.clearErrors();
    const name = this.name.value.trim();
    const key = this.key.value.trim();
    if (name === '') return this.showFieldError('name', t('form.required'));
    if (key === '') return this.showFieldError('key', t('form.required'));
    const editing = this.editing;
    await this.send(
      /** @returns {Promise<{ topic: TopicView }>} */
      () => (editing ? api('PATCH', `/api/topics/${editing.id}`, { name }) : api('POST', '/api/topics', { key, name })),
      ({ topic }) => this.onSaved(topic, !editing),
      (err) => this.showApiError(err),
    );
  }

  /** @param {unknown} err */
  showApiError(err) {
    if (err instanceof ApiError && err.code === 'conflict') this.showFieldError('key', t('topicForm.duplicate'));
    if (err instanceof ApiError && err.code === 'validation_failed' && Array.isArray(err.details)) {
      for (const detail of err.details) {
        const path = String(detail?.path ?? '');
        if (path === 'key') this.showFieldError('key', t('topicForm.keyRule'));
        if (path === 'name') this.showFieldError('name', String(detail?.message ?? ''));
      }
    }
    this.showFormError([describeError(err)]);
  }
}
