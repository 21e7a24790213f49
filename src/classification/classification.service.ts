import { z } from 'zod';
import type { MentionStore } from '../mentions/mention.store.ts';
import type { MentionView } from '../mentions/mention.ts';
import { compileQuery, necessaryFilter, parseQuery, QueryError, topicKeySchema, type RulePack, type TermHit } from '../rules/index.ts';
import type { Clock } from '../shared/clock.ts';
import { AppError, notFound } from '../shared/errors.ts';
import type { DomainEvents, EventBus } from '../shared/events.ts';
import type { Logger } from '../shared/logger.ts';
import type { Classification, Label, LabelField, LabelView } from './classification.ts';
import type { ClassificationStore, TopicWarning } from './classification.store.ts';
import { bucketCounts, detectSpike, monitoredPart, nextSpikeState, spikeSettings, volumeTime } from '../spikes/index.ts';
import { Classifier, type TextModel } from './classifier.ts';
import { levels, type DecisionSettings } from './decision.ts';
import type { ModelsStore, StoredModel } from './models.store.ts';
import type { Rule, RulesStore, Topic } from './rules.store.ts';

export const ruleInputSchema = z.object({
  topicId: z.number().int().positive(),
  name: z.string().trim().min(1).max(200),
  query: z.string().trim().min(1).max(2000),
  level: z.enum(levels),
  enabled: z.boolean().default(true),
});
export const rulePatchSchema = ruleInputSchema.partial();
export const topicInputSchema = z.object({
  key: topicKeySchema,
  name: z.string().trim().min(1).max(200),
});

/** A query error as the API returns it: where, what, in both languages. */
export function queryErrorDetails(err: QueryError) {
  return { code: err.code, position: err.position, message: err.message, messageZh: err.messageZh };
}

function checkQuery(query: string): void {
  try {
    parseQuery(query);
  } catch (err) {
    if (err instanceof QueryError) throw new AppError('validation_failed', `invalid query: ${err.message}`, [{ path: 'query', ...queryErrorDetails(err) }]);
    throw err;
  }
}

export interface BacktestResult {
  /** Mentions in the window that the query matches. */
  count: number;
  /** Mentions collected in the window. */
  total: number;
  /** Newest matching mentions, with what matched. */
  samples: { id: number; title: string; sourceName: string; collectedAt: string; hits: TermHit[] }[];
  ms: number;
}

/** Trains serialised models from labelled texts; supplied by the models capability. */
export interface ModelTrainer {
  /** The hash a model trained on these texts records as its trainingSet.hash: tells whether anything changed. */
  fingerprint(records: readonly { text: string; label: string }[]): string;
  /** `name` names the training set (staff labels unless given). */
  train(
    task: string,
    records: { text: string; label: string }[],
    now: Date,
    name?: string,
  ): Promise<{ model: unknown; trainingSet: { name: string; size: number; hash: string }; metrics: Record<string, unknown> }>;
}

export const modelTasks = ['needs-response', 'sentiment', 'topic'] as const;
export type ModelTask = (typeof modelTasks)[number];

/** Staff labels a task needs, with at least two different answers, before a model is trained on them. */
export const MIN_LABELS = 20;

/** What training a task from the staff labels did: a new active version, or why not. */
export type TrainOutcome =
  | { task: ModelTask; version: number; labels: number; metrics: Record<string, unknown> }
  | { task: ModelTask; version: null; labels: number; reason: 'too-few-labels' | 'one-answer' | 'no-new-labels' };

/** Builds the classifier's TextModels from the active stored models; supplied by the models capability. */
export type ModelLoader = (stored: StoredModel[]) => TextModel[];

/**
 * Classification: rules and topics, classifying new mentions, backtests, staff labels and model
 * versions. The classifier is rebuilt whenever rules or the active models change.
 */
export class ClassificationService {
  private current: Classifier | null = null;
  private training: Promise<TrainOutcome[]> | null = null;
  private running: Promise<number> | null = null;
  private again = false;

  constructor(
    private readonly deps: {
      rules: RulesStore;
      classifications: ClassificationStore;
      models: ModelsStore;
      mentions: MentionStore;
      events: EventBus;
      clock: Clock;
      logger: Logger;
      settings: DecisionSettings;
      loadModels?: ModelLoader;
      /** Trains models from the staff labels (retraining); without it, retraining is unavailable. */
      trainer?: ModelTrainer;
      findPlaces?: (text: string) => string[];
      /** Mentions collected this many hours back are reclassified when rules or models change (default 24). */
      reclassifyHours?: number;
    },
  ) {}

  /** The classifier for the current rules and active models. */
  async classifier(): Promise<Classifier> {
    if (this.current) return this.current;
    const { rules, models, loadModels, logger, settings, findPlaces } = this.deps;
    const active = loadModels ? await models.active() : [];
    let textModels: TextModel[] = [];
    try {
      textModels = loadModels ? loadModels(active) : [];
    } catch {
      // One stored model is broken: load them one by one and leave that one out.
      textModels = active.flatMap((m) => {
        try {
          return loadModels!([m]);
        } catch (err) {
          logger.error({ err, task: m.task, version: m.version }, 'stored model could not be loaded; classifying without it');
          return [];
        }
      });
    }
    this.current = new Classifier({ rules: await rules.listRules({ enabledOnly: true }), models: textModels, settings, findPlaces });
    return this.current;
  }

  /**
   * Forgets the classifier so the next use rebuilds it (after rules or models change), and
   * reclassifies the recent mentions in the background so the board shows the current verdicts.
   */
  invalidate(): void {
    this.current = null;
    this.requestReclassify();
  }

  /** The background reclassification under way, if any (tests and shutdown wait for it). */
  reclassifying: Promise<void> | null = null;
  private reclassifyAgain = false;

  private requestReclassify(): void {
    if (this.reclassifying) {
      this.reclassifyAgain = true;
      return;
    }
    this.reclassifying = (async () => {
      try {
        do {
          this.reclassifyAgain = false;
          const { reclassified, changed } = await this.reclassifyRecent(this.deps.reclassifyHours ?? 24);
          this.deps.logger.info({ reclassified, changed }, 'recent mentions reclassified after rules or models changed');
        } while (this.reclassifyAgain);
      } catch (err) {
        this.deps.logger.error({ err }, 'reclassifying recent mentions failed');
      } finally {
        this.reclassifying = null;
      }
    })();
  }

  /**
   * Classifies again the mentions collected in the last `hours` with the current rules and models;
   * those whose flag, level or topics changed are published again as `mention.classified`.
   */
  async reclassifyRecent(hours: number, batch = 500): Promise<{ reclassified: number; changed: number }> {
    const since = new Date(this.deps.clock.now().getTime() - hours * 3_600_000);
    let afterId = 0;
    let reclassified = 0;
    let changed = 0;
    for (;;) {
      const inputs = await this.deps.classifications.recent(since, afterId, batch);
      if (!inputs.length) break;
      const classifier = await this.classifier();
      const before = await this.deps.classifications.many(inputs.map((i) => i.mentionId));
      const now = this.deps.clock.now();
      const results = inputs.map((input) => classifier.classify(input, now));
      await this.deps.classifications.save(results);
      const different = results.filter((c) => {
        const b = before.get(c.mentionId);
        return !b || b.flagged !== c.flagged || b.level !== c.level || b.topics.join() !== c.topics.join();
      });
      if (different.length) this.deps.events.publish('mention.classified', { classifications: different.map(toClassificationView) });
      reclassified += results.length;
      changed += different.length;
      afterId = inputs[inputs.length - 1]!.mentionId;
      if (inputs.length < batch) break;
    }
    return { reclassified, changed };
  }

  /**
   * Classifies every mention not classified yet, a batch at a time, and publishes the results. Calls
   * while a run is under way make it go round once more instead of running twice at once.
   */
  classifyPending(batch = 500): Promise<number> {
    if (this.running) {
      this.again = true;
      return this.running;
    }
    this.running = (async () => {
      let total = 0;
      try {
        do {
          this.again = false;
          for (;;) {
            const inputs = await this.deps.classifications.pending(batch);
            if (!inputs.length) break;
            const classifier = await this.classifier();
            const now = this.deps.clock.now();
            const results = inputs.map((input) => classifier.classify(input, now));
            await this.deps.classifications.save(results);
            this.deps.events.publish('mention.classified', { classifications: results.map(toClassificationView) });
            total += results.length;
            if (inputs.length < batch) break;
          }
        } while (this.again);
        return total;
      } finally {
        this.running = null;
      }
    })();
    return this.running;
  }

  async classification(mentionId: number): Promise<Classification | null> {
    return this.deps.classifications.get(mentionId);
  }

  /**
   * A mention's classification with its explanation, the staff label (null when it has none), and
   * the names of the topics it mentions (a topic deleted since keeps its key as its name).
   */
  async classificationView(mentionId: number): Promise<{ classification: ClassificationView; label: LabelView | null; topicNames: Record<string, string> } | null> {
    const c = await this.deps.classifications.get(mentionId);
    if (!c) return null;
    const label = await this.deps.classifications.label(mentionId);
    const keys = new Set([...c.topics, ...c.explanation.rules.map((r) => r.topic), ...c.explanation.models.filter((m) => m.task === 'topic').map((m) => m.label)]);
    const names = new Map((await this.deps.rules.listTopics()).map((t) => [t.key, t.name]));
    const topicNames = Object.fromEntries([...keys].map((key) => [key, names.get(key) ?? key]));
    return { classification: toClassificationView(c), label: label && toLabelView(label), topicNames };
  }

  // Topics and rules

  listTopics(): Promise<Topic[]> {
    return this.deps.rules.listTopics();
  }

  async createTopic(input: z.infer<typeof topicInputSchema>): Promise<Topic> {
    try {
      return await this.deps.rules.createTopic(input, this.deps.clock.now());
    } catch (err) {
      if (/unique|duplicate/i.test(String(err))) throw new AppError('conflict', `topic "${input.key}" exists`);
      throw err;
    }
  }

  async renameTopic(id: number, name: string): Promise<Topic> {
    const topic = await this.deps.rules.updateTopic(id, { name }, this.deps.clock.now());
    if (!topic) throw notFound('topic', id);
    return topic;
  }

  async deleteTopic(id: number): Promise<void> {
    if (!(await this.deps.rules.deleteTopic(id))) throw notFound('topic', id);
    this.invalidate();
  }

  listRules(): Promise<Rule[]> {
    return this.deps.rules.listRules();
  }

  async createRule(input: z.infer<typeof ruleInputSchema>): Promise<Rule> {
    checkQuery(input.query);
    if (!(await this.deps.rules.getTopic(input.topicId))) throw new AppError('validation_failed', 'no such topic', [{ path: 'topicId', message: 'no such topic' }]);
    const rule = await this.deps.rules.createRule(input, this.deps.clock.now());
    this.invalidate();
    return rule;
  }

  async updateRule(id: number, patch: z.infer<typeof rulePatchSchema>): Promise<Rule> {
    if (patch.query !== undefined) checkQuery(patch.query);
    if (patch.topicId !== undefined && !(await this.deps.rules.getTopic(patch.topicId))) {
      throw new AppError('validation_failed', 'no such topic', [{ path: 'topicId', message: 'no such topic' }]);
    }
    const rule = await this.deps.rules.updateRule(id, patch, this.deps.clock.now());
    if (!rule) throw notFound('rule', id);
    this.invalidate();
    return rule;
  }

  async deleteRule(id: number): Promise<void> {
    if (!(await this.deps.rules.deleteRule(id))) throw notFound('rule', id);
    this.invalidate();
  }

  /** Loads a rule pack when there are no topics yet (first start); returns how many rules it added. */
  async seedRules(pack: RulePack): Promise<number> {
    if ((await this.deps.rules.countTopics()) > 0) return 0;
    for (const topic of pack) for (const rule of topic.rules) checkQuery(rule.query);
    const added = await this.deps.rules.importPack(pack, this.deps.clock.now());
    this.invalidate();
    return added;
  }

  /** Runs a query (saved or being edited) over the mentions of the last `days` days. */
  async backtest(query: string, days: number, sampleSize = 20): Promise<BacktestResult> {
    const started = performance.now();
    let parsed;
    try {
      parsed = parseQuery(query);
    } catch (err) {
      if (err instanceof QueryError) throw new AppError('validation_failed', `invalid query: ${err.message}`, [{ path: 'query', ...queryErrorDetails(err) }]);
      throw err;
    }
    const match = compileQuery(parsed);
    const since = new Date(this.deps.clock.now().getTime() - days * 86_400_000);
    let count = 0;
    const sampled: { id: number; hits: TermHit[] }[] = [];
    for await (const page of this.deps.mentions.textCandidates(since, necessaryFilter(parsed.root))) {
      for (const m of page) {
        const hits = match({ title: m.title, body: m.body, source: m.sourceName });
        if (!hits) continue;
        count++;
        if (sampled.length < sampleSize) sampled.push({ id: m.id, hits });
      }
    }
    // Newest first, as scanned; shown with the title as collected.
    const views = new Map((await this.deps.mentions.views(sampled.map((s) => s.id))).map((v) => [v.id, v]));
    const samples = sampled.flatMap(({ id, hits }) => {
      const v = views.get(id);
      return v ? [{ id, title: v.title, sourceName: v.sourceName, collectedAt: v.collectedAt, hits }] : [];
    });
    const total = await this.deps.mentions.countSince(since);
    return { count, total, samples, ms: Math.round(performance.now() - started) };
  }

  /**
   * Checks every topic's volume in 10-minute and hourly buckets against its 7-day baseline (see
   * spikes/spikes.ts) and raises a warning for each new surge: stored, and published as
   * `topic.spike`. The last completed bucket is checked, so a run every 10 minutes sees each once.
   */
  async detectSpikes(): Promise<TopicWarning[]> {
    const now = this.deps.clock.now().getTime();
    const raised: TopicWarning[] = [];
    const first = await this.deps.mentions.firstCollectedAt();
    if (!first) return raised;
    const scales = [spikeSettings.tenMinutes, spikeSettings.hour].map((settings) => {
      const end = Math.floor(now / settings.bucketMs) * settings.bucketMs;
      return { settings, end, from: end - (settings.baselineBuckets + 1) * settings.bucketMs };
    });
    const since = new Date(Math.min(...scales.map((s) => s.from)));
    for (const topic of await this.deps.rules.listTopics()) {
      const times = (await this.deps.classifications.topicTimes(topic.key, since)).map((m) => volumeTime(m.published, m.collected));
      for (const { settings, end, from } of scales) {
        const all = bucketCounts(times, settings.bucketMs, from, end);
        const counts = monitoredPart(all, from, settings.bucketMs, first.getTime());
        const check = detectSpike(counts, settings);
        const minutes = settings.bucketMs / 60_000;
        const last = await this.deps.classifications.lastWarning(topic.key, minutes);
        // "Above" is read from the previous bucket, so a surge lasting several buckets warns once.
        const before = detectSpike(counts.slice(0, -1), settings);
        const { raise } = nextSpikeState({ above: before.spike, lastRaisedAt: last?.getTime() ?? null }, check.spike, now, settings.cooldownMs);
        if (!raise) continue;
        const warning: TopicWarning = {
          topic: topic.key,
          bucketMinutes: minutes,
          bucketStart: new Date(end - settings.bucketMs),
          count: check.current,
          baselineMean: Math.round(check.mean * 100) / 100,
          threshold: Math.round(check.threshold * 100) / 100,
          series: all.slice(-Math.round(86_400_000 / settings.bucketMs)),
          raisedAt: new Date(now),
        };
        await this.deps.classifications.saveWarning(warning);
        this.deps.events.publish('topic.spike', { warning: toTopicWarningView(warning, topic.name) });
        raised.push(warning);
      }
    }
    return raised;
  }

  /** The newest topic spike warnings with their topics' names, newest first (the board's 专题预警 on load). */
  async recentWarnings(limit: number): Promise<TopicWarningView[]> {
    const names = new Map((await this.deps.rules.listTopics()).map((t) => [t.key, t.name]));
    return (await this.deps.classifications.recentWarnings(limit)).map((w) => toTopicWarningView(w, names.get(w.topic) ?? w.topic));
  }

  // Labels and models

  /**
   * Records a staff judgement of a mention. Judgements not given (null) keep what an earlier label
   * said, so correcting the topic does not erase the needs-response answer given before; those in
   * `clear` are withdrawn. A label left with no judgement at all is removed (null is returned).
   */
  async label(input: Omit<Label, 'labelledAt'> & { clear?: readonly LabelField[] }): Promise<Label | null> {
    if (!(await this.deps.classifications.inputs([input.mentionId])).length) throw notFound('mention', input.mentionId);
    const earlier = await this.deps.classifications.label(input.mentionId);
    const clear = new Set(input.clear ?? []);
    const label: Label = {
      mentionId: input.mentionId,
      userId: input.userId,
      needsResponse: clear.has('needsResponse') ? null : (input.needsResponse ?? earlier?.needsResponse ?? null),
      topic: clear.has('topic') ? null : (input.topic ?? earlier?.topic ?? null),
      sentiment: clear.has('sentiment') ? null : (input.sentiment ?? earlier?.sentiment ?? null),
      labelledAt: this.deps.clock.now(),
    };
    if (label.needsResponse === null && label.topic === null && label.sentiment === null) {
      await this.deps.classifications.deleteLabel(input.mentionId);
      return null;
    }
    await this.deps.classifications.saveLabel(label);
    return label;
  }

  /** The stored labels of the given mentions (the board shows them pressed after a reload). */
  async labels(mentionIds: readonly number[]): Promise<LabelView[]> {
    return (await this.deps.classifications.labels(mentionIds)).map(toLabelView);
  }

  /**
   * Recent unlabelled mentions the model is least sure about, most uncertain first: what staff
   * should label first, with what the board needs to show them.
   */
  async labellingQueue(limit: number): Promise<{ mentionIds: number[]; mentions: (MentionView & { responseScore: number | null })[] }> {
    const mentionIds = await this.deps.classifications.mostUncertain(new Date(this.deps.clock.now().getTime() - 7 * 86_400_000), limit);
    const views = new Map((await this.deps.mentions.views(mentionIds)).map((m) => [m.id, m]));
    const scores = await this.deps.classifications.many(mentionIds);
    const mentions = mentionIds.flatMap((id) => {
      const view = views.get(id);
      return view ? [{ ...view, responseScore: scores.get(id)?.responseScore ?? null }] : [];
    });
    return { mentionIds, mentions };
  }

  listModels() {
    return this.deps.models.list();
  }

  /** Per task, how many mentions staff labelled and how many different answers they gave. */
  async labelCounts(): Promise<Record<ModelTask, { labels: number; answers: number }>> {
    return this.deps.classifications.labelCounts();
  }

  /**
   * Trains every task's model from the staff labels (the nightly job and the board's 立即训练). A
   * task gets a new active version unless it has fewer than MIN_LABELS labels, only one answer, or
   * the same labels as its active model. One run at a time: a call during a run waits for it and
   * gets its outcome.
   */
  retrainAll(): Promise<TrainOutcome[]> {
    this.training ??= (async () => {
      try {
        const outcomes: TrainOutcome[] = [];
        for (const task of modelTasks) outcomes.push(await this.trainFromLabels(task));
        return outcomes;
      } finally {
        this.training = null;
      }
    })();
    return this.training;
  }

  /** Trains one task's model from the staff labels; see retrainAll. */
  async trainFromLabels(task: ModelTask, minimum = MIN_LABELS): Promise<TrainOutcome> {
    const trainer = this.deps.trainer;
    if (!trainer) throw new AppError('unavailable', 'this server cannot train models');
    const labelled = await this.deps.classifications.labelledTexts();
    const records = labelled.flatMap((l) => {
      const label = task === 'needs-response' ? (l.needsResponse === null ? null : l.needsResponse ? '需回应' : '无需回应') : task === 'sentiment' ? l.sentiment : l.topic;
      return label === null ? [] : [{ text: l.text, label }];
    });
    const labels = records.length;
    if (labels < minimum) return { task, version: null, labels, reason: 'too-few-labels' };
    if (new Set(records.map((r) => r.label)).size < 2) return { task, version: null, labels, reason: 'one-answer' };
    // Corrected or withdrawn labels change the set as much as new ones, so the texts and labels are compared, not their number.
    const current = (await this.deps.models.active()).find((m) => m.task === task);
    if (current && current.trainingSet.hash === trainer.fingerprint(records)) return { task, version: null, labels, reason: 'no-new-labels' };
    const { model, trainingSet, metrics } = await trainer.train(task, records, this.deps.clock.now());
    const summary = await this.deps.models.add({ task, model, trainingSet, metrics, activate: true }, this.deps.clock.now());
    this.invalidate();
    return { task, version: summary.version, labels, metrics };
  }

  /**
   * Trains a model per task from the given labelled texts (not the staff labels) and makes them the
   * active versions, all at once: a fresh demo's starter models (demo/models.ts). Returns nothing
   * stored when `stopping()` turns true while they train.
   */
  async installModels(sets: Partial<Record<ModelTask, { text: string; label: string }[]>>, name: string, stopping: () => boolean = () => false): Promise<{ task: ModelTask; version: number }[]> {
    const trainer = this.deps.trainer;
    if (!trainer) throw new AppError('unavailable', 'this server cannot train models');
    const trained = [];
    for (const task of modelTasks) {
      const records = sets[task];
      if (records?.length) trained.push({ task, ...(await trainer.train(task, records, this.deps.clock.now(), name)) });
      if (stopping()) return [];
    }
    const installed = [];
    for (const { task, model, trainingSet, metrics } of trained) {
      installed.push({ task, version: (await this.deps.models.add({ task, model, trainingSet, metrics, activate: true }, this.deps.clock.now())).version });
    }
    if (installed.length) this.invalidate();
    return installed;
  }

  async activateModel(task: string, version: number): Promise<void> {
    if (!(await this.deps.models.activate(task, version))) throw notFound('model', `${task} v${version}`);
    this.invalidate();
  }
}

/** A classification as events and the API carry it (times as ISO strings). */
export type ClassificationView = Omit<Classification, 'classifiedAt'> & { classifiedAt: string };

/** Shapes a classification for events and the API. */
export function toClassificationView(c: Classification): ClassificationView {
  return { ...c, classifiedAt: c.classifiedAt.toISOString() };
}

/** Shapes a staff label for the API. */
export function toLabelView(l: Label): LabelView {
  return { ...l, labelledAt: l.labelledAt.toISOString() };
}

/** A topic spike warning as the `topic.spike` event and the API carry it. */
export type TopicWarningView = DomainEvents['topic.spike']['warning'];

/** Shapes a stored spike warning with its topic's name. */
export function toTopicWarningView(w: TopicWarning, topicName: string): TopicWarningView {
  return { ...w, topicName, bucketStart: w.bucketStart.toISOString(), raisedAt: w.raisedAt.toISOString() };
}
