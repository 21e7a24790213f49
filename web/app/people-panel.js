// 发言人名单: the people who speak for the department (主要负责同志, 厅领导, 新闻发言人 …), offered
// as speakers in the event dialog. Staff and admins add a person or update one by name.
import { t } from '../static/i18n.js';
import { ApiError, api } from './api.js';
import { h } from './dom.js';
import { describeError } from './sources-panel.js';

/** @typedef {import('../../src/press/press.ts').Person} Person */
/** @typedef {import('../../src/press/press.ts').SpeakerRole} SpeakerRole */
/** @typedef {'name' | 'role' | 'title'} FieldName */

const fieldNames = /** @type {FieldName[]} */ (['name', 'role', 'title']);
/** The order people are listed in: the head first, then leaders, spokespeople, others. */
const roleOrder = ['head', 'leader', 'spokesperson', 'other'];

export class PeoplePanel {
  /**
   * @param {{ list: HTMLUListElement, empty: HTMLElement, count: HTMLElement, form: HTMLFormElement, name: HTMLInputElement, role: HTMLSelectElement, title: HTMLInputElement, save: HTMLButtonElement, formError: HTMLElement }} els
   * @param {{ canWrite: boolean }} permissions
   * @param {{ say: (text: string, ok?: boolean) => void, onChanged: (people: Person[]) => void }} callbacks
   */
  constructor(els, permissions, callbacks) {
    this.els = els;
    this.permissions = permissions;
    this.callbacks = callbacks;
    /** @type {Person[]} */
    this.people = [];
    els.form.hidden = !permissions.canWrite;
    els.form.addEventListener('submit', (event) => {
      event.preventDefault();
      if (permissions.canWrite) void this.submit();
    });
  }

  async load() {
    /** @type {{ people: Person[] }} */
    const { people } = await api('GET', '/api/press/people');
    this.setAll(people);
  }

  /** @param {Person[]} people */
  setAll(people) {
    this.people = people;
    this.render();
    this.callbacks.onChanged(people);
  }

  render() {
    const sorted = [...this.people].sort((a, b) => Number(b.active) - Number(a.active) || roleOrder.indexOf(a.role) - roleOrder.indexOf(b.role) || a.name.localeCompare(b.name, 'zh-CN'));
    this.els.list.replaceChildren(...sorted.map((p) => this.buildPerson(p)));
    this.els.empty.hidden = sorted.length > 0;
    this.els.count.textContent = t('people.count', { n: sorted.length });
  }

  /** @param {Person} p */
  buildPerson(p) {
    const role = h('span', 'tag person-role', t(`speakerRole.${p.role}`));
    role.dataset['role'] = p.role;
    const el = h('li', 'person', h('strong', 'person-name', p.name), role);
    if (p.title) el.append(h('span', 'person-title', p.title));
    if (!p.active) el.append(h('span', 'tag tag-muted', t('people.inactive')));
    if (this.permissions.canWrite) {
      const edit = h('button', 'btn btn-small', t('people.edit'));
      edit.type = 'button';
      edit.dataset['action'] = 'edit-person';
      edit.setAttribute('aria-label', `${t('people.edit')} · ${p.name}`);
      edit.addEventListener('click', () => this.fill(p));
      el.append(edit);
    }
    el.dataset['id'] = String(p.id);
    el.classList.toggle('is-inactive', !p.active);
    return el;
  }

  /**
   * Puts a person in the form to update them (the name is the key).
   * @param {Person} p
   */
  fill(p) {
    this.clearErrors();
    this.els.name.value = p.name;
    this.els.role.value = p.role;
    this.els.title.value = p.title;
    this.els.title.focus();
  }

  clearErrors() {
    this.els.formError.hidden = true;
    this.els.formError.textContent = '';
    for (const field of fieldNames) this.showFieldError(field, null);
  }

  /**
   * @param {FieldName} field
   * @param {string | null} message
   */
  showFieldError(field, message) {
    const box = document.getElementById(`person-error-${field}`);
    if (box) {
      box.textContent = message ?? '';
      box.hidden = message === null;
    }
    this.els[field].setAttribute('aria-invalid', String(message !== null));
  }

  async submit() {
    this.clearErrors();
    const body = { name: this.els.name.value.trim(), role: /** @type {SpeakerRole} */ (this.els.role.value), title: this.els.title.value.trim() };
    if (body.name === '') {
      this.showFieldError('name', t('form.required'));
      return this.els.name.focus();
    }
    this.els.save.disabled = true;
    try {
      /** @type {{ people: Person[] }} */
      const { people } = await api('POST', '/api/press/people', body);
      this.setAll(people);
      this.els.form.reset();
      this.callbacks.say(t('people.saved', { name: body.name }));
    } catch (err) {
      this.showApiError(err);
    }
    this.els.save.disabled = false;
  }

  /** @param {unknown} err */
  showApiError(err) {
    const unplaced = [];
    if (err instanceof ApiError && err.code === 'validation_failed' && Array.isArray(err.details)) {
      for (const detail of err.details) {
        const path = String(detail?.path ?? '');
        const field = fieldNames.find((f) => f === path);
        if (field) this.showFieldError(field, t(`people.error.${field}`));
        else unplaced.push(`${path ? `${path}: ` : ''}${String(detail?.message ?? '')}`);
      }
    }
    this.els.formError.textContent = [describeError(err), ...unplaced].join('\n');
    this.els.formError.hidden = false;
  }
}
