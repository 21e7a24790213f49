import { z } from 'zod';
import { SecureRouter } from '../http/secure-router.ts';
import { parseInput } from '../http/validate.ts';
import { eventStatuses, personInputSchema, pressEventInputSchema } from './press.ts';
import { toPressEventView, type PressService } from './press.service.ts';
import { quotaRuleSchema } from './quota.ts';
import { interpretationInputSchema, policyDocumentInputSchema } from './policy.ts';
import type { PolicyService } from './policy.service.ts';

const idParam = z.object({ id: z.coerce.number().int().positive() });
const rangeQuery = z.object({
  from: z.string().datetime({ offset: true }).optional(),
  to: z.string().datetime({ offset: true }).optional(),
});

/** /api/press: events (新闻发布会 …), the people who speak at them, quota rules and status, policy documents. */
export function pressRoutes(service: PressService, policy: PolicyService): SecureRouter {
  const r = new SecureRouter('/api/press');

  r.get('/events', 'press.read', async (req, res) => {
    const { from, to } = parseInput(rangeQuery, req.query);
    const events = await service.listEvents({ from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined });
    res.json({ events: events.map(toPressEventView) });
  });
  // For the leaders' calendars: from 90 days back to a year ahead (downloaded or subscribed with a session).
  r.get('/calendar.ics', 'press.read', async (req, res) => {
    res.set('content-type', 'text/calendar; charset=utf-8');
    res.set('content-disposition', `attachment; filename="huiying-press.ics"; filename*=UTF-8''${encodeURIComponent('新闻发布日程.ics')}`);
    res.send(await service.calendar(req.hostname || 'huiying'));
  });
  r.get('/events/:id', 'press.read', async (req, res) => {
    res.json({ event: toPressEventView(await service.getEvent(parseInput(idParam, req.params).id)) });
  });
  r.get('/events/:id/coverage', 'press.read', async (req, res) => {
    res.json(await service.coverage(parseInput(idParam, req.params).id));
  });
  r.post('/events', 'press.write', async (req, res) => {
    res.status(201).json({ event: toPressEventView(await service.saveEvent(parseInput(pressEventInputSchema, req.body))) });
  });
  r.put('/events/:id', 'press.write', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    res.json({ event: toPressEventView(await service.saveEvent(parseInput(pressEventInputSchema, req.body), id)) });
  });
  r.post('/events/:id/status', 'press.write', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    const { status } = parseInput(z.object({ status: z.enum(eventStatuses) }), req.body);
    res.json({ event: toPressEventView(await service.setStatus(id, status)) });
  });
  r.delete('/events/:id', 'press.write', async (req, res) => {
    await service.deleteEvent(parseInput(idParam, req.params).id);
    res.status(204).end();
  });

  r.get('/people', 'press.read', async (_req, res) => {
    res.json({ people: await service.listPeople() });
  });
  r.post('/people', 'press.write', async (req, res) => {
    const result = await service.importPeople([parseInput(personInputSchema, req.body)]);
    res.status(result.created ? 201 : 200).json({ people: await service.listPeople() });
  });

  r.get('/quota', 'press.read', async (req, res) => {
    const { at } = parseInput(z.object({ at: z.string().datetime({ offset: true }).optional() }), req.query);
    res.json(await service.quotaStatus(at ? new Date(at) : undefined));
  });
  r.get('/quota-rules', 'press.read', async (_req, res) => {
    res.json({ rules: await service.quotaRules() });
  });
  r.put('/quota-rules', 'press.write', async (req, res) => {
    const { rules } = parseInput(z.object({ rules: z.array(quotaRuleSchema).min(1).max(100) }), req.body);
    res.json({ rules: await service.replaceQuotaRules(rules) });
  });

  const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);
  r.get('/policy', 'press.read', async (req, res) => {
    const range = parseInput(z.object({ from: day.optional(), to: day.optional() }), req.query);
    res.json({ documents: await policy.list(range) });
  });
  r.post('/policy', 'press.write', async (req, res) => {
    res.status(201).json({ document: await policy.save(parseInput(policyDocumentInputSchema, req.body)) });
  });
  r.post('/policy/:id/interpretations', 'press.write', async (req, res) => {
    const { id } = parseInput(idParam, req.params);
    res.status(201).json({ document: await policy.addInterpretation(id, parseInput(interpretationInputSchema, req.body)) });
  });
  r.delete('/policy/:id', 'press.write', async (req, res) => {
    await policy.delete(parseInput(idParam, req.params).id);
    res.status(204).end();
  });
  r.post('/policy/sync', 'press.write', async (req, res) => {
    const { sourceId, days } = parseInput(z.object({ sourceId: z.number().int().positive(), days: z.number().int().min(1).max(3660).default(365) }), req.body);
    res.json(await policy.syncFromSource(sourceId, days));
  });
  return r;
}
