// The press event dialog: add or edit an event (kind, title, Beijing time, status, organiser,
// location, keywords, speakers picked from the people list or typed). The server validates; its
// `validation_failed` details are shown beside their fields, in the interface language.
import { t } from '../static/i18n.js';
import { ApiError, api } from './api.js';
import { byId, h } from './dom.js';
import { FormDialog } from './form-dialog.js';
import { fromBeijingInput, toBeijingInput } from './format.js';
import { describeError } from './sources-panel.js';

/** @typedef {import('../../src/press/press.service.ts').PressEventView} PressEventView */
/** @typedef {import('../../src/press/press.ts').Person} Person */
/** @typedef {import('../../src/press/press.ts').SpeakerRole} SpeakerRole */
/** @typedef {'kind' | 'title' | 'start' | 'status' | 'organiser' | 'location' | 'keywords' | 'coverageDays' | 'materials' | 'notes' | 'speakers'} FieldName */

const fieldNames = /** @type {FieldName[]} */ (['kind', 'title', 'start', 'status', 'organiser', 'location', 'keywords', 'coverageDays', 'materials', 'notes', 'speakers']);
const speakerRoles = /** @type {SpeakerRole[]} */ (['head', 'leader', 'spokesperson', 'other']);

/**
 * Splits the keywords field on commas (either width), 顿号, semicolons and white space.
 * @param {string} text
 */
export function splitKeywords(text) {
  return [...new Set(text.split(/[,，、;；\s]+/).map((w) => w.trim()).filter((w) => w !== ''))];
}

/**
 * Reads the materials box: one per line, a title then the link (the last word starting with
 * http); a line that is only a link has no title.
 * @param {string} text
 * @returns {{ title: string, url: string }[]}
 */
export function parseMaterials(text) {
  return text
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .map((line) => {
      const at = line.search(/\s\S+$/);
      const last = at < 0 ? line : line.slice(at + 1);
      return /^https?:\/\//i.test(last) ? { title: at < 0 ? '' : line.slice(0, at).trim(), url: last } : { title: line, url: '' };
    });
}

export class EventForm extends FormDialog {
  /**
   * @param {(event: PressEventView, created: boolean) => void} onSaved
   */
  constructor(onSaved) {
    super('event', { formError: 'event-form-error', fieldError: (field) => `event-error-${field}`, fields: fieldNames });
    this.onSaved = onSaved;
    this.kind = byId('event-kind', HTMLSelectElement);
    this.title = byId('event-title', HTMLInputElement);
    this.start = byId('event-start', HTMLInputElement);
    this.status = byId('event-status', HTMLSelectElement);
    this.organiser = byId('event-organiser', HTMLInputElement);
    this.location = byId('event-location', HTMLInputElement);
    this.keywords = byId('event-keywords', HTMLInputElement);
    this.coverageDays = byId('event-coverageDays', HTMLInputElement);
    this.materials = byId('event-materials', HTMLTextAreaElement);
    this.notes = byId('event-notes', HTMLTextAreaElement);
    this.speakers = byId('event-speakers', HTMLOListElement);
    this.speakersEmpty = byId('event-speakers-empty', HTMLElement);
    this.pick = byId('event-speaker-pick', HTMLSelectElement);
    this.names = byId('press-people-names', HTMLDataListElement);
    /** @type {PressEventView | null} the event being edited; null when adding */
    this.editing = null;
    /** @type {Person[]} */
    this.people = [];

    byId('event-speaker-add', HTMLButtonElement).addEventListener('click', () => this.addSpeaker({ name: '', role: 'spokesperson' }, true));
    this.pick.addEventListener('change', () => {
      const person = this.people.find((p) => String(p.id) === this.pick.value);
      this.pick.value = '';
      if (person) this.addSpeaker({ name: person.name, role: person.role }, false);
    });
  }

  /**
   * The people to offer as speakers (active ones in the picker; every name in the typing hints).
   * @param {Person[]} people
   */
  setPeople(people) {
    this.people = people;
    const placeholder = h('option', '', t('eventForm.pickPerson'));
    placeholder.value = '';
    this.pick.replaceChildren(
      placeholder,
      ...people
        .filter((p) => p.active)
        .map((p) => {
          const option = h('option', '', `${p.name}${p.title ? ` · ${p.title}` : ''}（${t(`speakerRole.${p.role}`)}）`);
          option.value = String(p.id);
          return option;
        }),
    );
    this.names.replaceChildren(
      ...people.map((p) => {
        const option = h('option', '');
        option.value = p.name;
        option.label = `${p.title || t(`speakerRole.${p.role}`)}`;
        return option;
      }),
    );
  }

  /**
   * Opens the dialog, empty for a new event or filled with an existing one.
   * @param {PressEventView | null} event
   */
  open(event) {
    this.editing = event;
    this.form.reset();
    this.clearErrors();
    this.setPeople(this.people);
    this.heading.textContent = t(event ? 'eventForm.editTitle' : 'eventForm.addTitle');
    this.kind.value = event?.kind ?? 'own-conference';
    this.title.value = event?.title ?? '';
    this.start.value = event ? toBeijingInput(event.start) : '';
    this.status.value = event?.status ?? 'planned';
    this.organiser.value = event?.organiser ?? '';
    this.location.value = event?.location ?? '';
    this.keywords.value = (event?.keywords ?? []).join('、');
    this.coverageDays.value = String(event?.coverageDays ?? 7);
    this.materials.value = (event?.materials ?? []).map((m) => (m.title ? `${m.title} ${m.url}` : m.url)).join('\n');
    this.notes.value = event?.notes ?? '';
    this.speakers.replaceChildren();
    for (const s of event?.speakers ?? []) this.addSpeaker(s, false);
    this.showSpeakersEmpty();
    this.setBusy(false);
    this.dialog.showModal();
    this.title.focus();
  }

  /**
   * Adds a speaker row.
   * @param {{ name: string, role: SpeakerRole }} speaker
   * @param {boolean} focus
   */
  addSpeaker(speaker, focus) {
    const n = this.speakers.children.length + 1;
    const name = h('input', 'speaker-name');
    name.type = 'text';
    name.maxLength = 100;
    name.value = speaker.name;
    name.setAttribute('list', 'press-people-names');
    name.setAttribute('aria-label', `${t('eventForm.speakerName')} ${n}`);
    const role = h(
      'select',
      'speaker-role',
      ...speakerRoles.map((r) => {
        const option = h('option', '', t(`speakerRole.${r}`));
        option.value = r;
        return option;
      }),
    );
    role.value = speaker.role;
    role.setAttribute('aria-label', `${t('eventForm.speakerRole')} ${n}`);
    // A name typed from the list brings that person's role with it.
    name.addEventListener('change', () => {
      const person = this.people.find((p) => p.name === name.value.trim());
      if (person) role.value = person.role;
    });
    const remove = h('button', 'btn btn-small', t('eventForm.removeSpeaker'));
    remove.type = 'button';
    remove.dataset['action'] = 'remove-speaker';
    const row = h('li', 'speaker-row', name, role, remove);
    remove.addEventListener('click', () => {
      row.remove();
      this.showSpeakersEmpty();
    });
    this.speakers.append(row);
    this.showSpeakersEmpty();
    if (focus) name.focus();
  }

  showSpeakersEmpty() {
    this.speakersEmpty.hidden = this.speakers.children.length > 0;
  }

  /** The speaker rows with a name, as the API takes them, with the row each came from. */
  speakerRows() {
    return [...this.speakers.querySelectorAll('li.speaker-row')].flatMap((row) => {
      const name = row.querySelector('input.speaker-name');
      const role = row.querySelector('select.speaker-role');
      if (!(name instanceof HTMLInputElement) || !(role instanceof HTMLSelectElement) || name.value.trim() === '') return [];
      return [{ row, speaker: { name: name.value.trim(), role: /** @type {SpeakerRole} */ (role.value) } }];
    });
  }

  /** What the form says now, as the API takes it; fields the form does not show are kept as they were. */
  body() {
    const e = this.editing;
    return {
      kind: this.kind.value,
      title: this.title.value.trim(),
      start: fromBeijingInput(this.start.value),
      status: this.status.value,
      organiser: this.organiser.value.trim(),
      location: this.location.value.trim(),
      keywords: splitKeywords(this.keywords.value),
      speakers: this.speakerRows().map((r) => r.speaker),
      coverageDays: this.coverageDays.value === '' ? null : Number(this.coverageDays.value),
      materials: parseMaterials(this.materials.value),
      notes: this.notes.value,
      ...(e ? { topics: e.topics } : {}),
    };
  }

  /** @override */
  clearErrors() {
    super.clearErrors();
    for (const input of this.speakers.querySelectorAll('[aria-invalid]')) input.removeAttribute('aria-invalid');
  }

  /**
   * The field's input; the speakers' rows are marked one by one (showApiError).
   * @override
   * @param {string} field
   * @returns {HTMLElement}
   */
  inputFor(field) {
    const inputs = {
      kind: this.kind,
      title: this.title,
      start: this.start,
      status: this.status,
      organiser: this.organiser,
      location: this.location,
      keywords: this.keywords,
      coverageDays: this.coverageDays,
      materials: this.materials,
      notes: this.notes,
    };
    return inputs[/** @type {Exclude<FieldName, 'speakers'>} */ (field)] ?? this.speakers;
  }

  /** @override */
  async submit() {
    this.clearErrors();
    const body = this.body();
    // The server checks everything; empty fields are caught here so the commonest slip reads at once.
    const missing = /** @type {const} */ (['title', 'start']).filter((f) => body[f] === '');
    for (const field of missing) this.showFieldError(field, t('form.required'));
    if (missing[0]) return this.inputFor(missing[0]).focus();
    const editing = this.editing;
    await this.send(
      /** @returns {Promise<{ event: PressEventView }>} */
      () => (editing ? api('PUT', `/api/press/events/${editing.id}`, body) : api('POST', '/api/press/events', body)),
      ({ event }) => this.onSaved(event, !editing),
      (err) => this.showApiError(err),
    );
  }

  /**
   * Shows an API error: each validation detail beside the field its path names, in the interface
   * language (the server's English wording stays in the tooltip); anything else at the top.
   * @param {unknown} err
   */
  showApiError(err) {
    const unplaced = [];
    if (err instanceof ApiError && err.code === 'validation_failed' && Array.isArray(err.details)) {
      /** @type {FieldName | null} */
      let first = null;
      const rows = this.speakerRows();
      for (const detail of err.details) {
        const path = String(detail?.path ?? '');
        const serverMessage = String(detail?.message ?? '');
        const [head, index] = path.split('.');
        const field = fieldNames.find((f) => f === head);
        if (!field) {
          unplaced.push(`${path ? `${path}: ` : ''}${serverMessage}`);
          continue;
        }
        if (field === 'speakers' && index !== undefined && /^\d+$/.test(index)) {
          this.showFieldError('speakers', t('eventForm.error.speaker', { n: Number(index) + 1 }));
          const row = rows[Number(index)]?.row;
          for (const input of row?.querySelectorAll('input, select') ?? []) input.setAttribute('aria-invalid', 'true');
        } else {
          this.showFieldError(field, t(`eventForm.error.${field}`));
        }
        const box = byId(`event-error-${field}`, HTMLElement);
        box.title = box.title ? `${box.title}\n${serverMessage}` : serverMessage;
        first ??= field;
      }
      if (first === 'speakers') this.speakers.querySelector('input')?.focus();
      else if (first) this.inputFor(first).focus();
    }
    this.showFormError([describeError(err), ...unplaced]);
  }
}
