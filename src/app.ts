import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import { createRequire } from 'node:module';
import express, { type Request, type Response, type NextFunction } from 'express';
import session from 'express-session';
import helmet from 'helmet';
import type { Config } from './config/config.ts';
import type { Db } from './db/knex.ts';
import { authRoutes } from './auth/auth.routes.ts';
import { usersRoutes } from './auth/users.routes.ts';
import { can } from './auth/policy.ts';
import { DbSessionStore } from './auth/session.store.ts';
import { UserStore } from './auth/user.store.ts';
import { UsersService } from './auth/users.service.ts';
import { ClassificationService, ClassificationStore, classificationRoutes, ModelsStore, RulesStore } from './classification/index.ts';
import { modelTrainer, toTextModels } from './models/index.ts';
import { CalendarSubscriptions, CalendarSubscriptionStore, calendarFeedRoutes, PolicyService, PolicyStore, PressService, PressStore, pressRoutes, loadQuotaRules } from './press/index.ts';
import { ReportService, ReportStore, reportsRoutes } from './reports/index.ts';
import { gazetteerNames, loadGazetteer } from './places/index.ts';
import { addUserWords } from './text/segment.ts';
import { Collector, inlineProcessor, ProcessingPool, SourceStore, SourcesService, sourcesRoutes, type ItemProcessor } from './collection/index.ts';
import { createEgress, type Egress } from './egress/index.ts';
import { apiNotFound, errorHandler, requireJsonBody } from './http/error-handler.ts';
import { sessionUser, type RouteRecord, type SecureRouter } from './http/secure-router.ts';
import { MentionStore, mentionsRoutes } from './mentions/index.ts';
import { startRealtime, type Realtime } from './realtime/socket.ts';
import type { Clock } from './shared/clock.ts';
import { EventBus } from './shared/events.ts';
import type { Logger } from './shared/logger.ts';

const webDir = path.resolve(import.meta.dirname, '../web');
const SESSION_TTL_MS = 12 * 3600 * 1000;

export interface AppDeps {
  config: Config;
  db: Db;
  clock: Clock;
  logger: Logger;
  /** Outbound HTTP; defaults to an egress built from config.fetch. */
  egress?: Egress;
  processor?: ItemProcessor;
  /** Login rate limit; tests narrow the window. */
  loginLimit?: { windowMs: number; limit: number };
  /** Requests per client address to calendar subscription addresses; tests narrow it. */
  calendarFeedLimit?: { windowMs: number; limit: number };
  /** How often sockets whose session ended elsewhere are disconnected; tests shorten it. */
  sessionSweepMs?: number;
}

export interface HuiyingApp {
  config: Config;
  clock: Clock;
  server: http.Server;
  events: EventBus;
  stores: {
    sources: SourceStore;
    mentions: MentionStore;
    users: UserStore;
    sessions: DbSessionStore;
    rules: RulesStore;
    classifications: ClassificationStore;
    models: ModelsStore;
    press: PressStore;
    policy: PolicyStore;
    reports: ReportStore;
    calendarSubscriptions: CalendarSubscriptionStore;
  };
  services: {
    sources: SourcesService;
    users: UsersService;
    classification: ClassificationService;
    press: PressService;
    policy: PolicyService;
    reports: ReportService;
    calendarSubscriptions: CalendarSubscriptions;
  };
  collector: Collector;
  egress: Egress;
  processor: ItemProcessor;
  /** Every HTTP route with its policy action (for the access-control test). */
  routes: RouteRecord[];
  /** Starts listening; resolves with the bound port. */
  listen(port: number, host: string): Promise<number>;
  close(): Promise<void>;
}

/** The session secret: configured, or generated once and kept in the data folder. */
export function loadSessionSecret(config: Pick<Config, 'sessionSecret' | 'dataDir'>): string {
  if (config.sessionSecret) return config.sessionSecret;
  const file = path.join(config.dataDir, 'session-secret');
  try {
    return fs.readFileSync(file, 'utf8').trim();
  } catch {
    fs.mkdirSync(config.dataDir, { recursive: true });
    const secret = randomBytes(32).toString('hex');
    fs.writeFileSync(file, secret, { mode: 0o600, flag: 'wx' });
    return secret;
  }
}

/** Builds the stores, services and HTTP/Socket.io surfaces of Huiying; composes, does nothing else. */
export function buildApp(deps: AppDeps): HuiyingApp {
  const { config, db, clock, logger } = deps;
  const events = new EventBus((err, event) => logger.error({ err, event }, 'event listener failed'));
  const egress = deps.egress ?? createEgress(config.fetch);

  const stores = {
    sources: new SourceStore(db),
    mentions: new MentionStore(db),
    users: new UserStore(db),
    sessions: new DbSessionStore(db, clock, SESSION_TTL_MS),
    rules: new RulesStore(db),
    classifications: new ClassificationStore(db),
    models: new ModelsStore(db),
    press: new PressStore(db),
    policy: new PolicyStore(db),
    reports: new ReportStore(db),
    calendarSubscriptions: new CalendarSubscriptionStore(db),
  };
  const gazetteer = loadGazetteer(config.gazetteerFile);
  // Another province's place names join the segmenter's dictionary, here and in the collection
  // workers (Jiangxi's are built in), so SimHash and the models cut them as words.
  const placeWords = config.gazetteerFile ? gazetteerNames(gazetteer.data).map((word) => ({ word, freq: 2000, tag: 'ns' })) : [];
  addUserWords(placeWords);
  const processor = deps.processor ?? (config.collection.workers > 0 ? new ProcessingPool(config.collection.workers, logger, placeWords) : inlineProcessor);
  const collector = new Collector({
    sources: stores.sources,
    mentions: stores.mentions,
    fetcher: egress,
    processor,
    events,
    clock,
    logger,
    settings: {
      timeZone: config.timeZone,
      concurrency: config.collection.concurrency,
      backoff: { baseSeconds: config.collection.backoffBaseSeconds, capSeconds: config.collection.backoffCapSeconds },
      leaseMs: config.fetch.timeoutMs * 4 + 60_000,
    },
  });
  const services = {
    sources: new SourcesService(stores.sources, collector, events, clock),
    users: new UsersService(stores.users, clock, {
      logger,
      // Ends the sessions in the store and disconnects their sockets (realtime listens for the event).
      endSessions: async (userId, keep) => {
        for (const sessionId of await stores.sessions.destroyForUser(userId, keep)) events.publish('user.logged-out', { userId, sessionId });
      },
    }),
    classification: new ClassificationService({
      rules: stores.rules,
      classifications: stores.classifications,
      models: stores.models,
      mentions: stores.mentions,
      events,
      clock,
      logger,
      settings: config.levels,
      loadModels: toTextModels,
      trainer: modelTrainer(placeWords),
      findPlaces: (text) => {
        const found = gazetteer.find(text);
        return [...found.cities, ...found.counties];
      },
    }),
    press: new PressService({ store: stores.press, mentions: stores.mentions, events, clock, quota: config.quota }),
    policy: new PolicyService({ store: stores.policy, mentions: stores.mentions, clock }),
    calendarSubscriptions: new CalendarSubscriptions({ store: stores.calendarSubscriptions, users: stores.users, clock }),
  };
  const reports = new ReportService({ press: services.press, policy: services.policy, store: stores.reports, mentions: stores.mentions, clock, defaultQuotaRules: () => loadQuotaRules(), quota: config.quota });

  const sessionMiddleware = session({
    name: 'huiying.sid',
    secret: loadSessionSecret(config),
    store: stores.sessions,
    resave: false,
    saveUninitialized: false,
    rolling: true,
    cookie: { httpOnly: true, sameSite: 'lax', secure: config.secureCookies, maxAge: SESSION_TTL_MS },
  });

  const app = express();
  app.disable('x-powered-by');
  if (config.trustProxy) app.set('trust proxy', 1);
  app.use(
    helmet({
      contentSecurityPolicy: {
        useDefaults: false,
        directives: {
          defaultSrc: ["'self'"],
          scriptSrc: ["'self'"],
          styleSrc: ["'self'"],
          imgSrc: ["'self'", 'data:'],
          connectSrc: ["'self'"],
          fontSrc: ["'self'"],
          objectSrc: ["'none'"],
          baseUri: ["'none'"],
          formAction: ["'self'"],
          frameAncestors: ["'none'"],
        },
      },
      // Served over plain HTTP on an office network by default; HSTS only when cookies are secure.
      strictTransportSecurity: config.secureCookies,
    }),
  );
  app.use(express.json({ limit: '256kb' }));
  app.use(sessionMiddleware);

  const routers: SecureRouter[] = [
    authRoutes(services.users, events, deps.loginLimit ?? { windowMs: 15 * 60 * 1000, limit: 10 }),
    usersRoutes(services.users),
    sourcesRoutes(services.sources),
    mentionsRoutes(stores.mentions, clock),
    classificationRoutes(services.classification),
    pressRoutes(services.press, services.policy, services.calendarSubscriptions),
    reportsRoutes(reports, { chromiumPath: config.chromiumPath }),
    calendarFeedRoutes(services.press, services.calendarSubscriptions, deps.calendarFeedLimit),
  ];
  const routes: RouteRecord[] = [{ method: 'GET', path: '/api/health', action: 'public' }];

  // Public: health check, the login page and what it loads.
  app.get('/api/health', (_req, res) => {
    res.json({ status: 'ok' });
  });
  // Someone already signed in who opens /login goes straight to the board (decided here rather
  // than by the page asking /api/auth/me, which logged a 401 in every visitor's console).
  app.get('/login', (req, res) => {
    const user = sessionUser(req);
    if (user && can(user.role, 'board.view')) return res.redirect('/');
    res.sendFile(path.join(webDir, 'login.html'));
  });
  app.use('/static', express.static(path.join(webDir, 'static'), { index: false, fallthrough: false }));

  // Everything below needs a session (or, for /calendar, the secret in the address); the
  // SecureRouters also check each route's action.
  app.use('/api', requireJsonBody);
  for (const r of routers) {
    app.use(r.prefix, r.router);
    routes.push(...r.routes);
  }
  app.use('/api', apiNotFound);

  const boardOnly = (req: Request, res: Response, next: NextFunction) => {
    const user = sessionUser(req);
    if (!user) {
      if (req.path === '/' || req.path === '/index.html') return res.redirect('/login');
      return res.status(401).json({ error: { code: 'unauthenticated', message: 'login required', details: null } });
    }
    if (!can(user.role, 'board.view')) return res.status(403).json({ error: { code: 'forbidden', message: 'forbidden', details: null } });
    next();
  };
  routes.push({ method: 'GET', path: '/', action: 'board.view' }, { method: 'GET', path: '/app/*', action: 'board.view' });
  const require = createRequire(import.meta.url);
  const socketClient = path.join(path.dirname(require.resolve('socket.io-client/package.json')), 'dist/socket.io.esm.min.js');
  app.get('/app/vendor/socket.io.esm.min.js', boardOnly, (_req, res) => res.sendFile(socketClient));
  app.use('/app', boardOnly, express.static(path.join(webDir, 'app'), { index: false }));
  app.get(['/', '/index.html'], boardOnly, (_req, res) => res.sendFile(path.join(webDir, 'index.html')));
  app.use(boardOnly, (_req, res) => {
    res.status(404).json({ error: { code: 'not_found', message: 'not found', details: null } });
  });
  app.use(errorHandler(logger));

  const server = http.createServer(app);
  let realtime: Realtime | null = null;

  return {
    config,
    clock,
    server,
    events,
    stores,
    services: { ...services, reports },
    collector,
    egress,
    processor,
    routes,
    listen(port, host) {
      realtime ??= startRealtime({
        httpServer: server,
        sessionMiddleware,
        events,
        mentions: stores.mentions,
        liveSessions: (sids) => stores.sessions.liveIds(sids),
        logger,
        sessionSweepMs: deps.sessionSweepMs,
      });
      return new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(port, host, () => {
          server.off('error', reject);
          const address = server.address();
          resolve(typeof address === 'object' && address ? address.port : port);
        });
      });
    },
    async close() {
      await realtime?.close();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await egress.close();
      await processor.close();
      await services.classification.reclassifying;
    },
  };
}
