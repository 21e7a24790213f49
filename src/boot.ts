import type { Config } from './config/config.ts';
import { buildApp, type HuiyingApp } from './app.ts';
import { loadRulePack, STARTER_PACK_FILE } from './rules/index.ts';
import { loadQuotaRules } from './press/index.ts';
import { dbTargetFromConfig, openDb, type Db } from './db/knex.ts';
import { migrateLatest } from './db/migrate.ts';
import { backfillDemoHistory, DEMO_TRAINING_SET, demoIncidentsFrom, demoSources, demoTrainingSets, startDemoServer, type DemoHistory } from './demo/index.ts';
import { jobs } from '../jobs/index.ts';
import { startJobs, type JobRunner } from '../jobs/runner.ts';
import { systemClock } from './shared/clock.ts';
import type { Logger } from './shared/logger.ts';

/**
 * The ordered start of Huiying, after Ghost's boot: configuration is already parsed; the database
 * is migrated before anything else touches it; then the app is composed; background jobs start
 * last and only when enabled.
 */

/** How far back a fresh demo's history reaches: a day of baseline for spike warnings, and a little more. */
const DEMO_HISTORY_MS = 26 * 3600_000;

/** Opens the configured database and runs pending migrations. */
export async function openMigratedDb(config: Config, logger: Logger): Promise<Db> {
  const db = openDb(dbTargetFromConfig(config));
  const ran = await migrateLatest(db);
  if (ran.length) logger.info({ migrations: ran }, 'database migrated');
  return db;
}

/** With demo mode on, allows the loopback demo server in the fetch allow-list. */
export function withDemoAllowance(config: Config): Config {
  if (!config.demo.enabled) return config;
  return { ...config, fetch: { ...config.fetch, allow: [...config.fetch.allow, `127.0.0.1:${config.demo.port}`] } };
}

export interface RunningServer {
  app: HuiyingApp;
  port: number;
  stop(): Promise<void>;
}

/** Starts everything `npm start` runs: database, demo feeds, HTTP + Socket.io, jobs. */
export async function startServer(baseConfig: Config, logger: Logger, print: (line: string) => void): Promise<RunningServer> {
  const config = withDemoAllowance(baseConfig);
  const db = await openMigratedDb(config, logger);
  const app = buildApp({ config, db, clock: systemClock, logger });

  const admin = await app.services.users.ensureFirstAdmin(config.adminPassword);
  if (admin?.generated) {
    print(`\n  首次启动：已创建管理员账号 / First start: admin account created\n  用户名 username: ${admin.username}\n  密码 password:   ${admin.password}\n  (只显示这一次 / shown only this once)\n`);
  }

  let demo: { url: string; close(): Promise<void> } | null = null;
  const incidents = demoIncidentsFrom(systemClock.now());
  if (config.demo.enabled) {
    try {
      demo = await startDemoServer({ port: config.demo.port, host: '127.0.0.1', incidents });
    } catch (err) {
      // The board is still useful without the demo; say why it is empty.
      logger.error({ err, port: config.demo.port }, 'demo feed server could not start; set HUIYING_DEMO_PORT or HUIYING_DEMO=0');
    }
  }
  let history: DemoHistory | null = null;
  if (demo) {
    const added = [];
    for (const input of demoSources(demo.url)) {
      if (await app.stores.sources.findByUrl(input.kind, input.url)) continue;
      added.push(await app.stores.sources.create({ ...input, enabled: true, demo: true }, systemClock.now()));
    }
    logger.info({ url: demo.url, added: added.length }, 'demo feeds served on loopback');
    // A fresh install gets the demo's last day, so its spike warnings have a baseline from the start.
    if (added.length && (await app.stores.mentions.count()) === 0) {
      const to = systemClock.now();
      history = backfillDemoHistory(
        { processor: app.processor, mentions: app.stores.mentions, sources: app.stores.sources, logger, timeZone: config.timeZone },
        { sources: added, baseUrl: demo.url, from: new Date(to.getTime() - DEMO_HISTORY_MS), to, incidents },
      );
    }
  }

  const seeded = await app.services.classification.seedRules(loadRulePack(STARTER_PACK_FILE));
  if (seeded) logger.info({ rules: seeded }, 'starter monitoring rules loaded');
  const quotaRules = await app.services.press.seedQuotaRules(loadQuotaRules());
  if (quotaRules) logger.info({ rules: quotaRules }, "the directive's press-conference quota rules loaded");

  // Load the segmenter's dictionary in the processing workers now rather than during the first collection.
  app.processor.warmUp().catch((err: unknown) => logger.error({ err }, 'processing workers could not start'));

  const port = await app.listen(config.port, config.host);
  logger.info({ port, host: config.host, database: config.databaseUrl ? 'postgresql' : 'sqlite' }, 'huiying listening');
  print(`  回应 Huiying: http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}/`);

  let runner: JobRunner | null = null;
  let stopping = false;
  let stopClassifyTrigger = () => {};
  const begin = () => {
    if (stopping || !config.jobsEnabled) return;
    runner = startJobs(jobs, app, logger, config.timeZone);
    // Collect at once rather than waiting for the first tick, so the board fills within seconds, and
    // classify what is stored already (a demo's past, the command line's imports).
    void runner.runNow('collect-due-sources');
    void runner.runNow('classify-pending');
    // Classify what each collection stores; the classify-pending job catches up on anything missed.
    stopClassifyTrigger = app.events.subscribe('mention.collected', () => void runner?.runNow('classify-pending'));
  };
  // A fresh demo also gets starter models (demo/models.ts), trained off the server's thread once its
  // past is stored; the recent mentions are then classified again with them.
  const trainDemoModels = async () => {
    if (stopping || (await app.stores.models.list()).length) return;
    const started = Date.now();
    logger.info({ job: 'demo-models' }, 'demo models: training starter models on labelled demo items');
    const installed = await app.services.classification.installModels(demoTrainingSets(systemClock.now()), DEMO_TRAINING_SET, () => stopping);
    if (installed.length) logger.info({ job: 'demo-models', installed, durationMs: Date.now() - started }, 'demo models trained and active');
  };
  // Live collection waits for the demo's past, so the stream's newest mentions are the live ones.
  if (history)
    void history.done
      .catch((err: unknown) => logger.error({ err }, 'demo history could not be stored'))
      .then(begin)
      .then(trainDemoModels)
      .catch((err: unknown) => {
        if (!stopping) logger.error({ err }, 'demo models could not be trained');
      });
  else begin();

  return {
    app,
    port,
    async stop() {
      stopping = true;
      await history?.stop().catch(() => 0);
      stopClassifyTrigger();
      await runner?.stop();
      await app.close();
      await demo?.close();
      await db.destroy();
    },
  };
}
