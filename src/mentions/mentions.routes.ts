import { z } from 'zod';
import { SecureRouter } from '../http/secure-router.ts';
import { parseInput } from '../http/validate.ts';
import type { MentionStore } from './mention.store.ts';

const listQuery = z.object({
  afterId: z.coerce.number().int().min(0).optional(),
  sourceId: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const countQuery = z.object({
  since: z.iso.datetime({ offset: true }).transform((text) => new Date(text)),
  maxId: z.coerce.number().int().min(0).optional(),
});

/**
 * /api/mentions: the newest mentions, or those after an id (catch-up after a reconnect); /count: how
 * many were published since an instant (the board's 今日 count, which its loaded rows cannot give).
 */
export function mentionsRoutes(mentions: MentionStore): SecureRouter {
  const r = new SecureRouter('/api/mentions');
  r.get('/', 'mentions.read', async (req, res) => {
    const q = parseInput(listQuery, req.query);
    res.json({ mentions: await mentions.list(q) });
  });
  r.get('/count', 'mentions.read', async (req, res) => {
    const q = parseInput(countQuery, req.query);
    res.json({ count: await mentions.countPublishedSince(q.since, q.maxId) });
  });
  return r;
}
