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
  /** sha-256 hex of source id + normalised title + date (or body when undated); null when untitled. */
  titleKey: string | null;
}

/** A stored mention. */
export interface Mention extends NewMention {
  id: number;
  storyId: number;
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
}
