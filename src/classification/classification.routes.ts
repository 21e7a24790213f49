import { z } from 'zod';
import { SecureRouter, sessionUser } from '../http/secure-router.ts';
import { parseInput } from '../http/validate.ts';
import { notFound } from '../shared/errors.ts';
import { labelFields, sentiments } from './classification.ts';
import {
  MIN_LABELS,
  modelTasks,
  ruleInputSchema,
  rulePatchSchema,
  toLabelView,
  topicInputSchema,
  type ClassificationService,
} from './classification.service.ts';

const idParam = z.object({ id: z.coerce.number().int().positive() });
/** `?mentionIds=1,2,3`: the mentions on one board page at most. */
const mentionIdsQuery = z.object({
  mentionIds: z
    .string()
    .regex(/^\d+(,\d+)*$/, 'comma-separated mention ids')
    .transform((s) => [...new Set(s.split(',').map(Number))])
    .pipe(z.array(z.number().int().positive()).max(500)),
});
const warningsQuery = z.object({ limit: z.coerce.number().int().min(1).max(100).default(20) });
const backtestSchema = z.object({ query: z.string().min(1).max(2000), days: z.number().int().min(1).max(90).default(7) });
const labelSchema = z
  .object({
    needsResponse: z.boolean().nullable().default(null),
    topic: z.string().max(64).nullable().default(null),
    sentiment: z.enum(sentiments as [string, ...string[]]).nullable().default(null),
    /** Judgements to withdraw. */
    clear: z.array(z.enum(labelFields)).max(labelFields.length).default([]),
  })
  .refine((l) => l.needsResponse !== null || l.topic !== null || l.sentiment !== null || l.clear.length > 0, 'give or clear at least one judgement')
  .refine((l) => l.clear.every((field) => l[field] === null), 'a judgement cannot be given and cleared at once');

/** /api/topics, /api/rules (with validate and backtest), /api/topic-warnings, /api/classifications, /api/labels, /api/models. */
export function classificationRoutes(service: ClassificationService): SecureRouter {
  const r = new SecureRouter('/api');

  r.get('/topics', 'rules.read', async (_req, res) => {
    res.json({ topics: await service.listTopics() });
  });
  r.post('/topics', 'rules.write', async (req, res) => {
    res.status(201).json({ topic: await service.createTopic(parseInput(topicInputSchema, req.body)) });
  });
  r.patch('/topics/:id', 'rules.write', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const { name } = parseInput(topicInputSchema.pick({ name: true }), req.body);
    res.json({ topic: await service.renameTopic(id, name) });
  });
  r.delete('/topics/:id', 'rules.write', async (req, res) => {
    await service.deleteTopic(parseInput(idParam, req.params).id);
    res.status(204).end();
  });

  r.get('/rules', 'rules.read', async (_req, res) => {
    res.json({ rules: await service.listRules() });
  });
  r.post('/rules', 'rules.write', async (req, res) => {
    res.status(201).json({ rule: await service.createRule(parseInput(ruleInputSchema, req.body)) });
  });
  r.patch('/rules/:id', 'rules.write', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    res.json({ rule: await service.updateRule(id, parseInput(rulePatchSchema, req.body)) });
  });
  r.delete('/rules/:id', 'rules.write', async (req, res) => {
    await service.deleteRule(parseInput(idParam, req.params).id);
    res.status(204).end();
  });
  r.post('/rules/backtest', 'rules.read', async (req, res) => {
    const { query, days } = parseInput(backtestSchema, req.body);
    res.json(await service.backtest(query, days));
  });

  r.get('/topic-warnings', 'mentions.read', async (req, res) => {
    const { limit } = parseInput(warningsQuery, req.query);
    res.json({ warnings: await service.recentWarnings(limit) });
  });

  r.get('/classifications/:id', 'mentions.read', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const view = await service.classificationView(id);
    if (!view) throw notFound('classification of mention', id);
    res.json(view);
  });

  r.post('/labels/:id', 'labels.write', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const judgement = parseInput(labelSchema, req.body);
    const label = await service.label({ mentionId: id, userId: sessionUser(req)?.id ?? null, ...judgement } as Parameters<ClassificationService['label']>[0]);
    res.json({ label: label && toLabelView(label) });
  });
  r.get('/labels', 'mentions.read', async (req, res) => {
    const { mentionIds } = parseInput(mentionIdsQuery, req.query);
    res.json({ labels: await service.labels(mentionIds) });
  });
  r.get('/labels/queue', 'labels.write', async (_req, res) => {
    res.json(await service.labellingQueue(20));
  });

  r.get('/models', 'models.read', async (_req, res) => {
    res.json({ models: await service.listModels(), labels: await service.labelCounts(), minimumLabels: MIN_LABELS });
  });
  // Trains every task from the staff labels now, as the nightly job does (a run in progress is joined).
  r.post('/models/train', 'models.manage', async (_req, res) => {
    res.json({ results: await service.retrainAll() });
  });
  r.post('/models/:task/:version/activate', 'models.manage', async (req, res) => {
    const { task, version } = parseInput(z.object({ task: z.enum(modelTasks), version: z.coerce.number().int().positive() }), req.params);
    await service.activateModel(task, version);
    res.status(204).end();
  });
  return r;
}
