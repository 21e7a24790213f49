import { createHash } from 'node:crypto';
import type { NewMention } from '../mentions/mention.ts';
import { collapseWhitespace, htmlToText, normalizeForMatching } from '../text/normalize.ts';
import { segment } from '../text/segment.ts';
import { fingerprintText, simhash } from '../text/simhash.ts';
import { contentWords } from '../text/stopwords.ts';
import type { RawItem } from './adapters/adapter.ts';
import { canonicalizeUrl } from './canonical-url.ts';
import { parseFeedDate } from './dates.ts';

/** Where an item came from and when it was collected. */
export interface NormalizeContext {
  sourceId: number;
  /** The document's URL after redirects; relative item links resolve against it. */
  baseUrl: string;
  now: Date;
  /** Zone for dates written without one (the source's, Asia/Shanghai by default). */
  timeZone: string;
}

/** Stored text is capped: a title longer than this is not a title, a body longer is an archive page. */
export const TITLE_MAX_CHARS = 1_000;
/** About 60 printed pages of Chinese; longer bodies are cut (see TITLE_MAX_CHARS). */
export const BODY_MAX_CHARS = 100_000;
/** Author names are short; a longer "author" is a misparsed field. */
export const AUTHOR_MAX_CHARS = 200;
/** SimHash reads the start of the text only: a repost is recognisable from its first 10,000 characters. */
const SIMHASH_MAX_CHARS = 10_000;
/** Dates further ahead than this are wrong clocks or scheduled posts, and are not trusted. */
const FUTURE_TOLERANCE_MS = 24 * 3600_000;

/** Cuts text to at most `max` UTF-16 units without splitting a surrogate pair. */
function cap(text: string, max: number): string {
  if (text.length <= max) return text;
  const code = text.charCodeAt(max - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}

function sha256(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

/** The item's link as an absolute http(s) URL, resolved against the document; null otherwise. */
function absoluteUrl(url: string | null, base: string): string | null {
  if (!url?.trim()) return null;
  try {
    const u = new URL(url.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * The key that recognises an item without a stable URL or GUID. Same title from the same source is
 * the same item only on the same date (or, undated, with the same opening text): a column like
 * 每日司法行政动态 reuses its title every day. An untitled post (social media) is its date and opening text.
 */
function contentKey(sourceId: number, title: string, body: string, published: Date | null): string {
  const opening = body.slice(0, 200);
  if (title) return sha256(`${sourceId}\n${title}\n${published ? published.toISOString() : opening}`);
  return sha256(`${sourceId}\n\n${published ? published.toISOString() : ''}\n${opening}`);
}

/**
 * Turns a raw item into a mention ready to store: plain text (originals kept as collected, HTML
 * stripped), matching text (Simplified, half-width), dates, canonical URL, dedup keys and SimHash.
 * Returns null when the item has neither a title nor any text.
 */
export function normalizeItem(item: RawItem, ctx: NormalizeContext): NewMention | null {
  const titleOriginal = cap(collapseWhitespace(htmlToText(item.title)), TITLE_MAX_CHARS);
  const bodyOriginal = cap(htmlToText(item.body) || htmlToText(item.summary), BODY_MAX_CHARS);
  if (!titleOriginal && !bodyOriginal) return null;

  const title = normalizeForMatching(titleOriginal);
  const body = normalizeForMatching(bodyOriginal);

  const parsed = parseFeedDate(item.published, ctx.timeZone, ctx.now);
  const dated = parsed !== null && parsed.getTime() <= ctx.now.getTime() + FUTURE_TOLERANCE_MS;
  const publishedAt = dated ? parsed : ctx.now;

  const canonicalUrl = canonicalizeUrl(item.url, ctx.baseUrl);
  const guid = item.guid?.trim() || null;
  const author = item.author ? cap(collapseWhitespace(htmlToText(item.author)), AUTHOR_MAX_CHARS) || null : null;

  return {
    sourceId: ctx.sourceId,
    guid,
    url: absoluteUrl(item.url, ctx.baseUrl),
    canonicalUrl,
    title,
    body,
    titleOriginal,
    bodyOriginal,
    author,
    publishedAt,
    publishedAtEstimated: !dated,
    collectedAt: ctx.now,
    // Repost marks (转发：, （来源：…）) are left out, so a repost hashes like its original; stop words
    // too, so fingerprints weigh the words that say what the mention is about.
    simhash: simhash(contentWords(segment(cap(fingerprintText(title, body), SIMHASH_MAX_CHARS)))),
    urlKey: canonicalUrl ? sha256(canonicalUrl) : null,
    guidKey: guid ? sha256(`${ctx.sourceId}\n${guid}`) : null,
    contentKey: contentKey(ctx.sourceId, title, body, dated ? publishedAt : null),
  };
}
