/** A mention ready to store: normalised text, parsed dates, dedup keys and its SimHash. */
export interface NewMention {
  sourceId: number;
  guid: string | null;
  url: string | null;
  canonicalUrl: string | null;
  /** Normalised for matching: plain text, Simplified, half-width, collapsed whitespace. */
  title: string;
  body: string;
  /** As collected, HTML stripped but otherwise untouched (Traditional stays Traditional). */
  titleOriginal: string;
  bodyOriginal: string;
  author: string | null;
  /** UTC. When the item had no usable date this is the collection time and `publishedAtEstimated` is true. */
  publishedAt: Date;
  publishedAtEstimated: boolean;
  collectedAt: Date;
  /** 64-bit SimHash of the segmented text, as 16 hex digits. */
  simhash: string;
  /** sha-256 hex of the canonical URL; null when the item has no URL. */
  urlKey: string | null;
  /** sha-256 hex of source id + GUID; null when the item has no GUID. */
  guidKey: string | null;
  /**
   * sha-256 hex of source id + normalised title + date (or opening text when undated); for an untitled
   * item (a social post), of source id + date + opening text. Every mention has one.
   */
  contentKey: string;
}

/** A stored mention. */
export interface Mention extends NewMention {
  id: number;
  storyId: number;
  /** How many mentions its story held once this one's batch was stored (itself included). */
  storySize: number;
}

/** A mention as the API and the board see it. Text fields are plain text and must be rendered as text. */
export interface MentionView {
  id: number;
  sourceId: number;
  sourceName: string;
  url: string | null;
  title: string;
  /** The first characters of the body, as collected. */
  snippet: string;
  author: string | null;
  publishedAt: string;
  publishedAtEstimated: boolean;
  collectedAt: string;
  storyId: number;
  /** How many other mentions belong to the same story (reposts of one piece of news). */
  repostCount: number;
  /** The classifier's verdict once it has run (it arrives as `mention.classified` for live mentions). */
  verdict: MentionVerdict | null;
}

/** The part of a classification the mention stream shows. */
export interface MentionVerdict {
  flagged: boolean;
  /** blue | yellow | orange | red, or null when not flagged */
  level: string | null;
  topics: string[];
  sentiment: string;
  /** Localities it is about (cities, then counties), for 属地 routing. */
  places: string[];
}

/** Characters of the body shown as a snippet. */
export const SNIPPET_CHARS = 160;

/** The view of a mention just stored (the board's live stream), without reading it back. Pure. */
export function mentionView(m: Mention, sourceName: string): MentionView {
  const body = m.bodyOriginal;
  return {
    id: m.id,
    sourceId: m.sourceId,
    sourceName,
    url: m.url,
    title: m.titleOriginal,
    snippet: body.length > SNIPPET_CHARS ? `${body.slice(0, SNIPPET_CHARS)}…` : body,
    author: m.author,
    publishedAt: m.publishedAt.toISOString(),
    publishedAtEstimated: m.publishedAtEstimated,
    collectedAt: m.collectedAt.toISOString(),
    storyId: m.storyId,
    repostCount: Math.max(0, m.storySize - 1),
    verdict: null,
  };
}
