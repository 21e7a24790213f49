import { z } from 'zod';
import { levels } from '../classification/decision.ts';
import { SecureRouter } from '../http/secure-router.ts';
import { topicKeySchema } from '../rules/index.ts';
import { parseInput } from '../http/validate.ts';
import type { Clock } from '../shared/clock.ts';
import { normalizeForMatching } from '../text/normalize.ts';
import type { MentionStore } from './mention.store.ts';

/** How far back the board's search and 只看预警 look (the stream itself holds the newest rows only). */
const SEARCH_DAYS = 30;
const MAX_TERMS = 8;

const listQuery = z.object({
  afterId: z.coerce.number().int().min(0).optional(),
  beforeId: z.coerce.number().int().positive().optional(),
  sourceId: z.coerce.number().int().positive().optional(),
  flagged: z.enum(['1', 'true']).optional(),
  minLevel: z.enum(levels).optional(),
  topic: topicKeySchema.optional(),
  q: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

const countQuery = z.object({
  since: z.iso.datetime({ offset: true }).transform((text) => new Date(text)),
  maxId: z.coerce.number().int().min(0).optional(),
});

/**
 * The words of a search box, as stored text is matched: Traditional → Simplified, full-width →
 * half-width, Latin lower-cased; split on spaces, each word required.
 */
export function searchTerms(q: string): string[] {
  const words = normalizeForMatching(q).toLowerCase().split(' ').filter(Boolean);
  return [...new Set(words)].slice(0, MAX_TERMS);
}

/**
 * /api/mentions: the newest mentions, or those after an id (catch-up after a reconnect) or before
 * one (older pages); `flagged`, `minLevel`, `topic` and `q` search the last SEARCH_DAYS days for
 * the flagged ones, at a level or above, in a topic, or containing every word of `q`. /count: how many were
 * published since an instant (the board's 今日 count, which its loaded rows cannot give).
 */
export function mentionsRoutes(mentions: MentionStore, clock: Clock): SecureRouter {
  const r = new SecureRouter('/api/mentions');
  r.get('/', 'mentions.read', async (req, res) => {
    const { flagged, minLevel, q, ...rest } = parseInput(listQuery, req.query);
    const terms = q === undefined ? [] : searchTerms(q);
    const searching = flagged !== undefined || minLevel !== undefined || rest.topic !== undefined || terms.length > 0;
    res.json({
      mentions: await mentions.list({
        ...rest,
        flagged: flagged !== undefined || minLevel !== undefined,
        minLevel,
        terms,
        since: searching ? new Date(clock.now().getTime() - SEARCH_DAYS * 86_400_000) : undefined,
      }),
    });
  });
  r.get('/count', 'mentions.read', async (req, res) => {
    const q = parseInput(countQuery, req.query);
    res.json({ count: await mentions.countPublishedSince(q.since, q.maxId) });
  });
  return r;
}
