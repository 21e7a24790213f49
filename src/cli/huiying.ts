import fs from 'node:fs';
import { once } from 'node:events';
import path from 'node:path';
import { Command, InvalidArgumentError, Option } from 'commander';
import { z, ZodError } from 'zod';
import { modelTasks } from '../classification/index.ts';
import { sourceInputSchema, toSourceView, type RefreshResult } from '../collection/index.ts';
import { ConfigError } from '../config/config.ts';
import { dbTargetFromConfig, openDb } from '../db/knex.ts';
import { migrateLatest } from '../db/migrate.ts';
import { deserializeModel, evaluate, predict, serializeModel, splitTrainTest, textFeatures, trainModel, type ModelKind } from '../models/index.ts';
import { AppError } from '../shared/errors.ts';
import { systemClock } from '../shared/clock.ts';
import { loadRulePack, STARTER_PACK_FILE } from '../rules/index.ts';
import { normalizeForMatching } from '../text/normalize.ts';
import { CliError, config, parseJsonOption, parsePositiveInt, readJsonl, readTextFile, withApp } from './context.ts';
import { csvRow } from './csv.ts';
import { addPressCommands } from './press.commands.ts';
import { addReportCommands } from './report.commands.ts';
import { addUsersCommands } from './users.commands.ts';

/**
 * `huiying`: the command line. It shares the server's configuration (HUIYING_DATA_DIR,
 * DATABASE_URL, HUIYING_FETCH_ALLOW, …) and works while the server runs: the database is the
 * only shared state, and fetch leases keep a source from being fetched twice at once.
 */

const program = new Command('huiying')
  .description('回应 Huiying — public-opinion monitoring and news-release coordination')
  .showHelpAfterError();

const sources = program.command('sources').description('manage sources (信息源)');

sources
  .command('add')
  .description('add a source')
  .addOption(new Option('--kind <kind>', 'source kind').choices(['rss', 'html', 'json']).makeOptionMandatory())
  .requiredOption('--url <url>', 'feed, list page or JSON endpoint URL')
  .option('--name <name>', 'display name (default: the URL host)')
  .option('--schedule <cron>', 'cron schedule, 5 fields or 6 with seconds', '*/10 * * * *')
  .option('--weight <n>', 'source weight, 0–10 (official media 1.5, forums 0.8, self-media 0.6)', Number, 1)
  .option('--selectors <json>', 'html: CSS selectors {"item","title","link","date","summary","body"}', parseJsonOption('--selectors'))
  .option('--mapping <json>', 'json: field mapping {"items","id","title","url","body","date","author"}', parseJsonOption('--mapping'))
  .option('--disabled', 'add it disabled')
  .action(async (opts: { kind: string; url: string; name?: string; schedule: string; weight: number; selectors?: unknown; mapping?: unknown; disabled?: boolean }) => {
    const input = sourceInputSchema.parse({
      name: opts.name ?? safeHost(opts.url),
      kind: opts.kind,
      url: opts.url,
      schedule: opts.schedule,
      weight: opts.weight,
      enabled: !opts.disabled,
      config: { ...(opts.selectors ? { selectors: opts.selectors } : {}), ...(opts.mapping ? { mapping: opts.mapping } : {}) },
    });
    await withApp(async (app) => {
      const source = await app.services.sources.create(input);
      console.log(`added source ${source.id}: ${source.name} (${source.kind}) ${source.url}`);
    });
  });

sources
  .command('list')
  .description('list sources with their collection status')
  .option('--json', 'print JSON')
  .action(async (opts: { json?: boolean }) => {
    await withApp(async (app) => {
      const list = (await app.services.sources.list()).map(toSourceView);
      if (opts.json) {
        console.log(JSON.stringify(list, null, 2));
        return;
      }
      if (!list.length) console.log('no sources');
      for (const s of list) {
        const error = s.lastErrorCode ? `  last error: ${s.lastErrorCode} ${s.lastErrorMessage ?? ''} (×${s.errorCount})` : '';
        console.log(
          `${String(s.id).padStart(4)}  ${s.enabled ? 'on ' : 'off'}  ${s.kind.padEnd(4)}  ${s.status.padEnd(12)}  ${String(s.itemsTotal).padStart(6)} items  ` +
            `last ${s.lastCheckedAt ?? '—'}  next ${s.nextCheckAt ?? '—'}  ${s.name}  ${s.url}${error}`,
        );
      }
    });
  });

program
  .command('collect')
  .description('collect sources once, with a progress line per source')
  .option('--once', 'run one collection and exit (the server runs the schedule)')
  .option('--source <id>', 'only this source (even when disabled)', parsePositiveInt)
  .action(async (opts: { once?: boolean; source?: number }) => {
    if (!opts.once) throw new CliError('collect needs --once (the server runs collection on its schedule)');
    await withApp(async (app) => {
      const targets = opts.source ? [await app.services.sources.get(opts.source)] : (await app.services.sources.list()).filter((s) => s.enabled);
      if (!targets.length) {
        console.log('no enabled sources');
        return;
      }
      let done = 0;
      const started = Date.now();
      const results = await app.collector.refreshMany(targets, (r) => {
        done++;
        console.log(`[${done}/${targets.length}] ${describeResult(r)}`);
      });
      const newItems = results.reduce((n, r) => n + r.itemsNew, 0);
      const failed = results.filter((r) => r.outcome === 'error').length;
      console.log(`done: ${results.length} sources, ${newItems} new mentions, ${failed} failed, ${Date.now() - started} ms`);
    });
  });

const mentions = program.command('mentions').description('stored mentions (信息)');
mentions
  .command('export')
  .description('export every stored mention')
  .addOption(new Option('--format <format>', 'output format').choices(['jsonl', 'csv']).makeOptionMandatory())
  .option('--since <iso>', 'only mentions collected at or after this ISO-8601 time', (v: string) => {
    const d = new Date(v);
    if (Number.isNaN(d.getTime())) throw new InvalidArgumentError('must be an ISO-8601 time, e.g. 2026-11-01T00:00:00+08:00');
    return d;
  })
  .option('--out <file>', 'write to a file instead of standard output')
  .action(async (opts: { format: 'jsonl' | 'csv'; since?: Date; out?: string }) => {
    await withApp(async (app) => {
      const out = opts.out ? fs.createWriteStream(opts.out) : process.stdout;
      const write = async (chunk: string) => {
        if (!out.write(chunk)) await once(out, 'drain');
      };
      const columns = ['id', 'sourceId', 'source', 'url', 'title', 'text', 'publishedAt', 'publishedAtEstimated', 'collectedAt', 'storyId', 'repostCount'] as const;
      if (opts.format === 'csv') await write(`\uFEFF${csvRow(columns)}`); // BOM: Excel reads UTF-8 Chinese correctly
      let n = 0;
      for await (const row of app.stores.mentions.exportRows(opts.since ?? null)) {
        await write(opts.format === 'jsonl' ? `${JSON.stringify(row)}\n` : csvRow(columns.map((c) => row[c])));
        n++;
        if (opts.out && n % 10_000 === 0) process.stderr.write(`exported ${n}\n`);
      }
      if (opts.out) {
        out.end();
        await once(out, 'finish');
      }
      process.stderr.write(`exported ${n} mentions\n`);
    });
  });

/** A line of a labelled corpus, as `model train` and `model eval` read it (labels may be numbers or booleans). */
const textField = z.string({ error: 'needs "text", a string' });
const labelledLine = z.object({ text: textField, label: z.union([z.string().min(1), z.number(), z.boolean()], { error: 'needs "label", a non-empty string, a number or true/false' }).transform(String) });
/** A line `model predict` reads. */
const textLine = z.object({ text: textField });
/** A mention `classify` reads. */
const mentionLine = z.object({ id: z.union([z.number(), z.string()]).nullish(), title: z.string().nullish(), body: z.string().nullish(), source: z.string().nullish() });

const model = program.command('model').description('text classifiers (模型): train, predict, evaluate');

model
  .command('train')
  .description('train a model on JSONL {"text","label"} lines; stored as the active version unless --out is given')
  .requiredOption('--task <name>', 'needs-response, sentiment, topic, or any name with --out')
  .requiredOption('--in <file>', 'labelled JSONL')
  .option('--out <file>', 'write the model to a file instead of the database')
  .addOption(new Option('--algorithm <name>', "classifier (default: the task's tuned configuration, nb-svm)").choices(['nb-svm', 'svm', 'nb-logistic', 'logistic', 'naive-bayes']))
  .action(async (opts: { task: string; in: string; out?: string; algorithm?: ModelKind }) => {
    if (!opts.out && !(modelTasks as readonly string[]).includes(opts.task)) throw new CliError(`--task must be one of ${modelTasks.join(', ')} (or give --out)`);
    const records = readJsonl(opts.in, labelledLine, 'nothing trained');
    const labels = new Set(records.map((r) => r.label));
    if (labels.size < 2) throw new CliError(`${opts.in}: training needs at least two different labels, found ${[...labels].join(', ') || 'none'}`);
    process.stderr.write(`read ${records.length} texts; evaluating on a 20% hold-out …\n`);
    const { train, test } = splitTrainTest(records, 0.2, 42);
    const held = train.length && test.length ? evaluate(trainModel({ task: opts.task, records: train, options: opts.algorithm ? { kind: opts.algorithm } : {} }), test) : null;
    if (held) process.stderr.write(`hold-out accuracy ${held.accuracy.toFixed(4)}, macro-F1 ${held.macroF1.toFixed(4)} (${test.length} texts)\n`);
    process.stderr.write('training on all texts …\n');
    const trained = trainModel({ task: opts.task, records, options: { ...(opts.algorithm ? { kind: opts.algorithm } : {}), name: path.basename(opts.in) } });
    trained.metrics = held ? { holdout: test.length, accuracy: held.accuracy, macroF1: held.macroF1, perLabel: held.perLabel } : { holdout: null };
    const serialized = serializeModel(trained);
    if (opts.out) {
      fs.writeFileSync(opts.out, JSON.stringify(serialized));
      console.log(`wrote ${opts.out} (${trained.labels.length} labels, ${trained.weights.size} features)`);
      return;
    }
    await withApp(async (app) => {
      const summary = await app.stores.models.add({ task: opts.task, model: serialized, trainingSet: trained.trainingSet, metrics: trained.metrics, activate: true }, systemClock.now());
      console.log(`stored ${opts.task} model version ${summary.version} (active)`);
    });
  });

function readModelFile(file: string) {
  const text = readTextFile(file);
  try {
    return deserializeModel(JSON.parse(text));
  } catch (err) {
    throw new CliError(`${file}: not a Huiying model (${(err as Error).message})`);
  }
}

model
  .command('predict')
  .description('predict each JSONL line\'s text; writes {"label","score"} per line, in order')
  .requiredOption('--model <file>', 'a model written by model train --out')
  .requiredOption('--in <file>', 'JSONL with a "text" field per line')
  .action(async (opts: { model: string; in: string }) => {
    const m = readModelFile(opts.model);
    let n = 0;
    for (const { text } of readJsonl(opts.in, textLine, 'nothing predicted')) {
      const out = predict(m, textFeatures(text, m.spec));
      process.stdout.write(`${JSON.stringify({ label: out.label, score: Math.round(out.probability * 10000) / 10000 })}\n`);
      if (++n % 10_000 === 0) process.stderr.write(`predicted ${n}\n`);
    }
  });

model
  .command('eval')
  .description('accuracy, macro-F1, per-label precision and recall, and the confusion matrix on labelled JSONL')
  .requiredOption('--model <file>', 'a model written by model train --out')
  .requiredOption('--in <file>', 'labelled JSONL')
  .action(async (opts: { model: string; in: string }) => {
    const m = evaluate(readModelFile(opts.model), readJsonl(opts.in, labelledLine, 'nothing evaluated'));
    console.log(`texts      ${m.count}\naccuracy   ${m.accuracy.toFixed(4)}\nmacro-F1   ${m.macroF1.toFixed(4)}`);
    for (const [label, v] of Object.entries(m.perLabel)) {
      console.log(`${label.padEnd(12)} precision ${v.precision.toFixed(4)}  recall ${v.recall.toFixed(4)}  F1 ${v.f1.toFixed(4)}  (${v.support})`);
    }
    const labels = Object.keys(m.confusion);
    console.log(`confusion (rows: actual, columns: predicted)\n${['', ...labels].map((l) => l.padStart(12)).join('')}`);
    for (const a of labels) console.log([a, ...labels.map((p) => String(m.confusion[a]?.[p] ?? 0))].map((c) => c.padStart(12)).join(''));
  });

program
  .command('classify')
  .description('apply the whole decision (rules, models, level) to JSONL mentions {"id","title","body","source"}')
  .requiredOption('--in <file>', 'JSONL mentions')
  .option('--weight <n>', 'source weight to assume', Number, 1)
  .action(async (opts: { in: string; weight: number }) => {
    const mentions = readJsonl(opts.in, mentionLine, 'nothing classified');
    await withApp(async (app) => {
      // A database no server has started on yet gets the starter rules, as the server's first start gives them.
      const seeded = await app.services.classification.seedRules(loadRulePack(STARTER_PACK_FILE));
      if (seeded) process.stderr.write(`loaded the starter rule pack (${seeded} rules) into the empty database\n`);
      const classifier = await app.services.classification.classifier();
      if (!classifier.modelCount) process.stderr.write('no active models: rules only (huiying model train, or label mentions on the board)\n');
      const now = systemClock.now();
      for (const [i, m] of mentions.entries()) {
        if ((i + 1) % 10_000 === 0) process.stderr.write(`classified ${i + 1} of ${mentions.length}\n`);
        const text = (v: string | null | undefined) => (v ? normalizeForMatching(v) : '');
        const c = classifier.classify({ mentionId: typeof m.id === 'number' ? m.id : i + 1, title: text(m.title), body: text(m.body), sourceName: text(m.source), sourceWeight: opts.weight, reposts: 0 }, now);
        const { mentionId: _unused, classifiedAt: _at, ...fields } = c;
        process.stdout.write(`${JSON.stringify({ id: m.id ?? null, ...fields })}\n`);
      }
    });
  });

program
  .command('migrate')
  .description('run pending database migrations')
  .action(async () => {
    const db = openDb(dbTargetFromConfig(config()));
    try {
      const ran = await migrateLatest(db);
      console.log(ran.length ? `migrated: ${ran.join(', ')}` : 'database is up to date');
    } finally {
      await db.destroy();
    }
  });

function safeHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

function describeResult(r: RefreshResult): string {
  const head = `#${r.sourceId} ${r.sourceName}: `;
  switch (r.outcome) {
    case 'ok':
      return `${head}ok, ${r.itemsFound} items, ${r.itemsNew} new (${r.durationMs} ms)`;
    case 'not_modified':
      return `${head}not modified (${r.durationMs} ms)`;
    case 'skipped':
      return `${head}skipped, already being fetched by another process`;
    case 'error':
      return `${head}FAILED ${r.errorCode}: ${r.errorMessage} (${r.durationMs} ms)`;
  }
}

addUsersCommands(program);
addPressCommands(program);
addReportCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  if (err instanceof ConfigError || err instanceof CliError) console.error(`huiying: ${err.message}`);
  else if (err instanceof AppError) console.error(`huiying: ${err.message}${err.details ? `\n${JSON.stringify(err.details, null, 2)}` : ''}`);
  else if (err instanceof ZodError) console.error(`huiying: invalid input\n${err.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`).join('\n')}`);
  // A file that cannot be written (--out into a missing folder …): the system's message names it.
  else if (err instanceof Error && 'syscall' in err) console.error(`huiying: ${err.message}`);
  else console.error(err);
  process.exit(1);
});
