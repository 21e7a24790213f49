// The live board: loads who is signed in, the latest mentions, topic warnings, sources, rules,
// press work (quotas, events, people) and, for administrators, the accounts, then follows Socket.io
// events. Entry point of index.html.
import { applyI18n, bindLangSwitch, onLangChange, t } from '../static/i18n.js';
import { api, goToLogin } from './api.js';
import { byId } from './dom.js';
import { LabelBook } from './labels.js';
import { MentionStream } from './mention-stream.js';
import { ModelsPanel } from './models-panel.js';
import { PasswordForm } from './password-form.js';
import { PressPanel } from './press-panel.js';
import { QueuePanel } from './queue-panel.js';
import { RuleForm } from './rule-form.js';
import { RulesPanel } from './rules-panel.js';
import { SourceForm } from './source-form.js';
import { SourcesPanel } from './sources-panel.js';
import { pageSize, StreamSearch } from './stream-search.js';
import { Tabs } from './tabs.js';
import { TopicForm } from './topic-form.js';
import { UsersPanel } from './users-panel.js';
import { WarningsPanel } from './warnings-panel.js';
// The server serves the socket.io client bundle at /app/vendor/; vendor/*.d.ts gives it types.
import { io } from './vendor/socket.io.esm.min.js';

/** @typedef {import('../../src/mentions/mention.ts').MentionView} MentionView */
/** @typedef {import('../../src/collection/source.ts').SourceView} SourceView */
/** @typedef {import('../../src/shared/events.ts').DomainEvents} DomainEvents */
/** @typedef {import('../../src/classification/classification.service.ts').TopicWarningView} TopicWarningView */
/** @typedef {{ id: number, username: string, displayName: string, role: 'admin' | 'staff' | 'duty' | 'leader' }} User */
/** @typedef {{ [E in keyof DomainEvents]: (payload: DomainEvents[E]) => void }} ServerEvents */
/** @typedef {'connecting' | 'connected' | 'reconnecting'} ConnectionState */

/** Mentions asked for at once when catching up after a reconnect (the API's page size). */
const catchUpPage = 500;
/** Upper bound on catch-up pages, so a long outage cannot loop forever; the cap on rows applies anyway. */
const catchUpMaxPages = 10;

/** @type {ConnectionState} */
let connectionState = 'connecting';
/** The top bar's line about the user's own account (an i18n key, '' for none), and its timer. */
let accountMessage = '';
/** @type {ReturnType<typeof setTimeout> | undefined} */
let accountMessageTimer;

applyI18n();
bindLangSwitch(byId('lang-switch', HTMLButtonElement));

/** @type {{ user: User }} */
const { user } = await api('GET', '/api/auth/me');
// Mirrors the server's policy table (src/auth/policy.ts), which checks every call anyway: the board
// only hides what the role cannot use.
const permissions = {
  canFetch: user.role === 'admin' || user.role === 'staff' || user.role === 'duty',
  canManage: user.role === 'admin' || user.role === 'staff',
  canLabel: user.role === 'admin' || user.role === 'staff' || user.role === 'duty',
  canReadModels: user.role === 'admin' || user.role === 'staff',
  canManageModels: user.role === 'admin',
  canReadPress: user.role === 'admin' || user.role === 'staff' || user.role === 'duty' || user.role === 'leader',
  canWritePress: user.role === 'admin' || user.role === 'staff',
  canReadReports: user.role === 'admin' || user.role === 'staff' || user.role === 'leader',
  canManageUsers: user.role === 'admin',
};

const labels = new LabelBook();

const stream = new MentionStream({
  list: byId('mention-list', HTMLOListElement),
  empty: byId('stream-empty', HTMLElement),
  today: byId('today-count', HTMLElement),
  shown: byId('stream-shown', HTMLElement),
}, permissions.canLabel ? { labels } : {});
const search = new StreamSearch(stream, {
  filter: byId('filter', HTMLInputElement),
  level: byId('level-filter', HTMLSelectElement),
  topic: byId('topic-filter', HTMLSelectElement),
  more: byId('stream-more', HTMLButtonElement),
  status: byId('stream-search-status', HTMLElement),
}, (rows) => {
  if (permissions.canLabel && rows.length) labels.load(rows.map((m) => m.id)).catch((err) => console.warn('loading labels failed', err));
});

const warnings = new WarningsPanel({
  list: byId('warning-list', HTMLOListElement),
  empty: byId('warnings-empty', HTMLElement),
  count: byId('warnings-count', HTMLElement),
}, (topic) => {
  search.showTopic(topic);
  byId('stream', HTMLElement).focus();
});

const rules = new RulesPanel(
  {
    list: byId('topic-list', HTMLElement),
    empty: byId('rules-empty', HTMLElement),
    count: byId('rules-count', HTMLElement),
    message: byId('rules-message', HTMLElement),
  },
  { canManage: permissions.canManage },
  {
    onEditRule: (rule, topicId) => ruleForm.open(rule, rules.topics, { topicId, readOnly: !permissions.canManage }),
    onBacktestRule: (rule) => {
      ruleForm.open(rule, rules.topics, { topicId: rule.topicId, readOnly: !permissions.canManage });
      void ruleForm.backtest();
    },
    onEditTopic: (topic) => topicForm.open(topic),
    onTopicsChanged: (topics) => {
      labels.setTopics(topics);
      search.setTopics(topics);
    },
  },
);

const ruleForm = new RuleForm((rule, created) => {
  rules.upsertRule(rule);
  rules.say(t(created ? 'rules.created' : 'rules.saved', { name: rule.name }));
});

const topicForm = new TopicForm((topic, created) => {
  rules.upsertTopic(topic);
  rules.say(t(created ? 'rules.topicCreated' : 'rules.topicSaved', { name: topic.name }));
});

const queue = new QueuePanel(
  {
    list: byId('queue-list', HTMLOListElement),
    empty: byId('queue-empty', HTMLElement),
    count: byId('queue-count', HTMLElement),
    message: byId('queue-message', HTMLElement),
    done: byId('queue-done', HTMLElement),
    refresh: byId('queue-refresh', HTMLButtonElement),
  },
  labels,
);

const models = new ModelsPanel(
  {
    list: byId('model-list', HTMLElement),
    empty: byId('models-empty', HTMLElement),
    message: byId('models-message', HTMLElement),
    labels: byId('models-labels', HTMLElement),
    train: byId('models-train', HTMLButtonElement),
  },
  { canActivate: permissions.canManageModels },
);

const users = new UsersPanel(
  {
    table: byId('users-table', HTMLTableElement),
    empty: byId('users-empty', HTMLElement),
    count: byId('users-count', HTMLElement),
    message: byId('users-message', HTMLElement),
    add: byId('add-user', HTMLButtonElement),
    refresh: byId('users-refresh', HTMLButtonElement),
  },
  user.id,
  {
    onSelfChanged: (account) => {
      user.displayName = account.displayName;
      showUser(user);
    },
  },
);

const passwordForm = new PasswordForm(user.username, () => sayAccount('header.passwordChanged'));

/**
 * Panels whose data loads when their tab is opened: the queue the first time (it has its own
 * refresh), the models every time, as their label counts move while staff label, and the accounts
 * every time (no live events change them; another administrator may have).
 */
const loadOnShow = new Map([
  ['queue', () => queue.load()],
  ['models', () => models.load()],
  ['users', () => users.load()],
]);
const reloadOnShow = new Set(['models', 'users']);
const tabs = new Tabs(byId('side-tabs', HTMLElement), (panelId) => {
  const load = loadOnShow.get(panelId);
  if (!reloadOnShow.has(panelId)) loadOnShow.delete(panelId);
  if (load) load().catch((err) => console.warn(`loading ${panelId} failed`, err));
});
tabs.setHidden('queue', !permissions.canLabel);
tabs.setHidden('models', !permissions.canReadModels);
tabs.setHidden('press', !permissions.canReadPress);
tabs.setHidden('users', !permissions.canManageUsers);

const press = new PressPanel({ canWrite: permissions.canWritePress, canReadReports: permissions.canReadReports });

const panel = new SourcesPanel(
  {
    table: byId('sources-table', HTMLTableElement),
    empty: byId('sources-empty', HTMLElement),
    count: byId('sources-count', HTMLElement),
    message: byId('sources-message', HTMLElement),
  },
  permissions,
  (source) => form.open(source),
);

const form = new SourceForm((source, created) => {
  panel.upsert(source, new Date());
  panel.say(t(created ? 'sources.created' : 'sources.saved', { name: source.name }));
});

showUser(user);
wireControls();

const [{ mentions }, { sources }, { warnings: recentWarnings }] = await Promise.all([
  /** @type {Promise<{ mentions: MentionView[] }>} */ (api('GET', `/api/mentions?limit=${pageSize}`)),
  /** @type {Promise<{ sources: SourceView[] }>} */ (api('GET', '/api/sources')),
  /** @type {Promise<{ warnings: TopicWarningView[] }>} */ (api('GET', '/api/topic-warnings?limit=20')),
  rules.load(),
]);
stream.add(mentions, { fresh: false, now: new Date() });
search.loaded(mentions);
panel.setAll(sources, new Date());
warnings.setAll(recentWarnings, new Date());
connect();
// Press work loads beside the board (not on first showing its tab): the tab marks quota reminders.
if (permissions.canReadPress) void press.load();
// Labels given earlier (on this or another screen) show as pressed.
if (permissions.canLabel) labels.load(mentions.map((m) => m.id)).catch((err) => console.warn('loading labels failed', err));

setInterval(() => {
  const now = new Date();
  stream.refreshTimes(now);
  panel.render(now);
  warnings.render(now);
}, 30_000);
// Quota countdowns and states move with the server's clock even when no event changes.
if (permissions.canReadPress) setInterval(() => press.refreshQuota(), 10 * 60_000);

onLangChange(() => {
  const now = new Date();
  showUser(user);
  stream.rerender(now);
  search.render();
  panel.render(now);
  warnings.render(now);
  rules.render();
  queue.render(now);
  models.render();
  press.render();
  users.render();
  sayAccount(accountMessage);
  setConnection(connectionState);
});

/**
 * Shows a line about the user's own account in the top bar (the i18n key) for a while; '' hides it.
 * @param {string} key
 */
function sayAccount(key) {
  const el = byId('account-message', HTMLElement);
  el.textContent = key ? t(key) : '';
  el.hidden = key === '';
  if (key === accountMessage) return;
  accountMessage = key;
  clearTimeout(accountMessageTimer);
  if (key) accountMessageTimer = setTimeout(() => sayAccount(''), 30_000);
}

/** @param {User} u */
function showUser(u) {
  byId('user', HTMLElement).hidden = false;
  byId('user-name', HTMLElement).textContent = u.displayName || u.username;
  byId('user-role', HTMLElement).textContent = t(`role.${u.role}`);
}

function wireControls() {
  const add = byId('add-source', HTMLButtonElement);
  add.hidden = !permissions.canManage;
  add.addEventListener('click', () => form.open(null));

  const addRule = byId('add-rule', HTMLButtonElement);
  addRule.hidden = !permissions.canManage;
  addRule.addEventListener('click', () => ruleForm.open(null, rules.topics, { topicId: null, readOnly: false }));
  const addTopic = byId('add-topic', HTMLButtonElement);
  addTopic.hidden = !permissions.canManage;
  addTopic.addEventListener('click', () => topicForm.open(null));
  byId('queue-refresh', HTMLButtonElement).addEventListener('click', () => void queue.load());
  byId('models-refresh', HTMLButtonElement).addEventListener('click', () => void models.load());

  byId('change-password', HTMLButtonElement).addEventListener('click', () => {
    sayAccount('');
    passwordForm.open();
  });

  byId('logout', HTMLButtonElement).addEventListener('click', async () => {
    try {
      await api('POST', '/api/auth/logout');
    } catch {
      // Signed out or not, the next page is the login form.
    }
    goToLogin();
  });
}

/** @param {ConnectionState} state */
function setConnection(state) {
  connectionState = state;
  byId('connection', HTMLElement).dataset['state'] = state;
  byId('connection-text', HTMLElement).textContent = t(`conn.${state}`);
}

function connect() {
  /** @type {import('socket.io-client').Socket<ServerEvents, {}>} */
  const socket = io({ transports: ['websocket', 'polling'] });

  socket.on('connect', () => {
    setConnection('connected');
    // With connection state recovery the server replays what we missed; otherwise ask for it.
    if (!socket.recovered) catchUp().catch((err) => console.warn('catch-up failed', err));
  });
  socket.on('disconnect', (reason) => {
    setConnection('reconnecting');
    // The client retries by itself except when the server closed the socket (logout elsewhere, expired
    // session): then ask who we are, which goes to the login page on 401, and reconnect otherwise.
    if (reason === 'io server disconnect') {
      api('GET', '/api/auth/me')
        .then(() => socket.connect())
        .catch(() => setTimeout(() => socket.connect(), 5000));
    }
  });
  socket.on('connect_error', (err) => {
    if (err.message === 'unauthenticated') {
      socket.disconnect();
      goToLogin();
      return;
    }
    setConnection('reconnecting');
  });

  socket.on('mention.collected', ({ mentions }) => stream.add(mentions, { fresh: true, now: new Date() }));
  socket.on('mention.classified', ({ classifications }) => {
    stream.classify(classifications, new Date());
    if (permissions.canReadPress) press.onMentionsClassified();
  });
  socket.on('topic.spike', ({ warning }) => warnings.add(warning, new Date()));
  socket.on('source.updated', ({ source }) => panel.upsert(source, new Date()));
  socket.on('source.deleted', ({ sourceId }) => panel.remove(sourceId, new Date()));
  socket.on('press.event-saved', (payload) => press.onEventSaved(payload));
  socket.on('press.event-deleted', (payload) => press.onEventDeleted(payload));
  socket.on('press.people-updated', (payload) => press.onPeopleUpdated(payload));
  socket.on('quota.rules-updated', () => press.onRulesUpdated());
  socket.on('quota.reminders', (payload) => press.onReminders(payload));
}

/**
 * Asks the server how many mentions were published today (this browser's day) up to `maxId`: the
 * stream holds the newest rows only, so the 今日 count cannot come from them.
 * @param {number} maxId
 */
async function countToday(maxId) {
  const now = new Date();
  const midnight = new Date(now.getFullYear(), now.getMonth(), now.getDate());
  try {
    /** @type {{ count: number }} */
    const { count } = await api('GET', `/api/mentions/count?since=${encodeURIComponent(midnight.toISOString())}&maxId=${maxId}`);
    stream.setTodayBase(count, maxId, now);
  } catch (err) {
    console.warn('counting today’s mentions failed', err);
  }
}

/** Fetches the mentions, sources and press work missed while the socket was away (or before it first connected). */
async function catchUp() {
  for (let page = 0; page < catchUpMaxPages; page += 1) {
    /** @type {{ mentions: MentionView[] }} */
    const { mentions } = await api('GET', `/api/mentions?afterId=${stream.highestId}&limit=${catchUpPage}`);
    stream.add(mentions, { fresh: true, now: new Date() });
    if (mentions.length < catchUpPage) break;
  }
  // The 今日 count comes from the server: on the first connect for the rows loaded, after a long
  // absence also for more than the pages above brought.
  await countToday(stream.highestId);
  /** @type {{ sources: SourceView[] }} */
  const { sources } = await api('GET', '/api/sources');
  panel.setAll(sources, new Date());
  // Press events changed while away were not replayed either (the first load is still running on the first connect).
  if (permissions.canReadPress && press.events.loaded) await press.load();
}
