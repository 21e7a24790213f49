import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import type { Request } from 'express';
import { z } from 'zod';
import { SecureRouter, sessionUser, type SessionUser } from '../http/secure-router.ts';
import { AppError } from '../shared/errors.ts';
import type { CalendarSubscription, CalendarSubscriptions } from './calendar-subscriptions.ts';
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

/** The signed-in caller (the route's action has already required a session). */
function caller(req: Request): SessionUser {
  const user = sessionUser(req);
  if (!user) throw new AppError('unauthenticated', 'login required');
  return user;
}

/** The address a calendar app subscribes to, on the host and scheme the caller used. */
function feedUrl(req: Request, token: string): string {
  return `${req.protocol}://${req.get('host') ?? 'localhost'}/calendar/${token}.ics`;
}

const subscriptionView = (s: CalendarSubscription | null) =>
  s ? { active: true, createdAt: s.createdAt.toISOString(), lastUsedAt: s.lastUsedAt?.toISOString() ?? null } : { active: false, createdAt: null, lastUsedAt: null };

/** /api/press: events (新闻发布会 …), the people who speak at them, quota rules and status, policy documents. */
export function pressRoutes(service: PressService, policy: PolicyService, subscriptions: CalendarSubscriptions): SecureRouter {
  const r = new SecureRouter('/api/press');

  r.get('/events', 'press.read', async (req, res) => {
    const { from, to } = parseInput(rangeQuery, req.query);
    const events = await service.listEvents({ from: from ? new Date(from) : undefined, to: to ? new Date(to) : undefined });
    res.json({ events: events.map(toPressEventView) });
  });
  // For the leaders' calendars: from 90 days back to a year ahead, downloaded here, or subscribed to
  // at the caller's secret address (calendarFeedRoutes).
  r.get('/calendar.ics', 'press.read', async (req, res) => {
    res.set('content-type', 'text/calendar; charset=utf-8');
    res.set('content-disposition', `attachment; filename="huiying-press.ics"; filename*=UTF-8''${encodeURIComponent('新闻发布日程.ics')}`);
    res.send(await service.calendar(req.hostname || 'huiying'));
  });
  // The caller's own subscription address: whether there is one, a new one (shown once), or none.
  r.get('/calendar-subscription', 'press.read', async (req, res) => {
    res.json({ subscription: subscriptionView(await subscriptions.status(caller(req).id)) });
  });
  r.post('/calendar-subscription', 'press.read', async (req, res) => {
    const { token, subscription } = await subscriptions.issue(caller(req).id);
    res.status(201).json({ subscription: subscriptionView(subscription), url: feedUrl(req, token) });
  });
  r.delete('/calendar-subscription', 'press.read', async (req, res) => {
    await subscriptions.revoke(caller(req).id);
    res.status(204).end();
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

/**
 * /calendar/<secret>.ics: the press schedule for calendar apps, which fetch on their own and cannot
 * sign in; the secret names the user (calendar-subscriptions.ts). Guessing is hopeless (256 bits)
 * and rate-limited all the same.
 */
export function calendarFeedRoutes(service: PressService, subscriptions: CalendarSubscriptions, limit = { windowMs: 60_000, limit: 30 }): SecureRouter {
  const r = new SecureRouter('/calendar');
  const limiter = rateLimit({
    ...limit,
    keyGenerator: (req) => ipKeyGenerator(req.ip ?? ''),
    standardHeaders: 'draft-8',
    legacyHeaders: false,
    handler: (_req, _res, next) => next(new AppError('too_many_requests', 'too many requests, try again later')),
  });
  r.router.use(limiter);
  r.withToken(
    '/:token.ics',
    'press.read',
    (req) => subscriptions.userFor(String(req.params.token ?? '')),
    async (req, res) => {
      res.set('content-type', 'text/calendar; charset=utf-8');
      // Personal address: no shared cache may keep it; the app asks again within minutes.
      res.set('cache-control', 'private, max-age=300');
      res.set('referrer-policy', 'no-referrer');
      res.send(await service.calendar(req.hostname || 'huiying'));
    },
  );
  return r;
}
