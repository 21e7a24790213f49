// The live board: loads who is signed in, the latest mentions and the sources, then follows
// Socket.io events. Entry point of index.html.
import { applyI18n, bindLangSwitch, onLangChange, t } from '../static/i18n.js';
import { api, goToLogin } from './api.js';
import { byId } from './dom.js';
import { MentionStream } from './mention-stream.js';
import { SourceForm } from './source-form.js';
import { SourcesPanel } from './sources-panel.js';
// The server serves the socket.io client bundle at /app/vendor/; vendor/*.d.ts gives it types.
import { io } from './vendor/socket.io.esm.min.js';

/** @typedef {import('../../src/mentions/mention.ts').MentionView} MentionView */
/** @typedef {import('../../src/collection/source.ts').SourceView} SourceView */
/** @typedef {import('../../src/shared/events.ts').DomainEvents} DomainEvents */
/** @typedef {{ id: number, username: string, displayName: string, role: 'admin' | 'staff' | 'duty' | 'leader' }} User */
/** @typedef {{ [E in keyof DomainEvents]: (payload: DomainEvents[E]) => void }} ServerEvents */
/** @typedef {'connecting' | 'connected' | 'reconnecting'} ConnectionState */

/** Mentions asked for at once when catching up after a reconnect (the API's page size). */
const catchUpPage = 500;
/** Upper bound on catch-up pages, so a long outage cannot loop forever; the cap on rows applies anyway. */
const catchUpMaxPages = 10;

/** @type {ConnectionState} */
let connectionState = 'connecting';

applyI18n();
bindLangSwitch(byId('lang-switch', HTMLButtonElement));

/** @type {{ user: User }} */
const { user } = await api('GET', '/api/auth/me');
const permissions = {
  canFetch: user.role === 'admin' || user.role === 'staff' || user.role === 'duty',
  canManage: user.role === 'admin' || user.role === 'staff',
  canLabel: user.role === 'admin' || user.role === 'staff' || user.role === 'duty',
};

const stream = new MentionStream({
  list: byId('mention-list', HTMLOListElement),
  empty: byId('stream-empty', HTMLElement),
  today: byId('today-count', HTMLElement),
  shown: byId('stream-shown', HTMLElement),
}, {
  onLabel: permissions.canLabel
    ? async (mentionId, needsResponse) => {
        await api('POST', `/api/labels/${mentionId}`, { needsResponse });
      }
    : undefined,
});

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

const [{ mentions }, { sources }] = await Promise.all([
  /** @type {Promise<{ mentions: MentionView[] }>} */ (api('GET', '/api/mentions?limit=100')),
  /** @type {Promise<{ sources: SourceView[] }>} */ (api('GET', '/api/sources')),
]);
stream.add(mentions, { fresh: false, now: new Date() });
panel.setAll(sources, new Date());
connect();

setInterval(() => {
  const now = new Date();
  stream.refreshTimes(now);
  panel.render(now);
}, 30_000);

onLangChange(() => {
  const now = new Date();
  showUser(user);
  stream.rerender(now);
  panel.render(now);
  setConnection(connectionState);
});

/** @param {User} u */
function showUser(u) {
  byId('user', HTMLElement).hidden = false;
  byId('user-name', HTMLElement).textContent = u.displayName || u.username;
  byId('user-role', HTMLElement).textContent = t(`role.${u.role}`);
}

function wireControls() {
  const filter = byId('filter', HTMLInputElement);
  filter.addEventListener('input', () => stream.setFilter(filter.value));

  const add = byId('add-source', HTMLButtonElement);
  add.hidden = !permissions.canManage;
  add.addEventListener('click', () => form.open(null));

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
  socket.on('mention.classified', ({ classifications }) => stream.classify(classifications, new Date()));
  socket.on('source.updated', ({ source }) => panel.upsert(source, new Date()));
  socket.on('source.deleted', ({ sourceId }) => panel.remove(sourceId, new Date()));
}

/** Fetches the mentions and sources missed while the socket was away (or before it first connected). */
async function catchUp() {
  for (let page = 0; page < catchUpMaxPages; page += 1) {
    /** @type {{ mentions: MentionView[] }} */
    const { mentions } = await api('GET', `/api/mentions?afterId=${stream.highestId}&limit=${catchUpPage}`);
    stream.add(mentions, { fresh: true, now: new Date() });
    if (mentions.length < catchUpPage) break;
  }
  /** @type {{ sources: SourceView[] }} */
  const { sources } = await api('GET', '/api/sources');
  panel.setAll(sources, new Date());
}
