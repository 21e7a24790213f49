import type { z } from 'zod';
import type { FailureCode, SourceKind } from '../source.ts';
import type { Fetcher } from '../../egress/index.ts';

/** One item as a source delivered it, before normalisation. Text fields may hold HTML. */
export interface RawItem {
  guid: string | null;
  url: string | null;
  title: string | null;
  /** Short description or snippet (may be HTML). */
  summary: string | null;
  /** Full content when the source has it (may be HTML). */
  body: string | null;
  author: string | null;
  /** The date exactly as the source wrote it; parsed later by collection/dates.ts. */
  published: string | null;
}

/** What an adapter needs to know about the source it collects. */
export interface AdapterSource<C> {
  url: string;
  config: C;
  etag: string | null;
  lastModified: string | null;
}

export type AdapterResult =
  | { notModified: true; httpStatus: 304 }
  | {
      notModified: false;
      items: RawItem[];
      /** The URL after redirects; relative links resolve against it. */
      finalUrl: string;
      httpStatus: number;
      etag: string | null;
      lastModified: string | null;
      /** The charset the body was decoded with, and how it was found. */
      charset: string;
    };

/**
 * One source kind. An adapter translates a remote document into RawItems; it never writes to the
 * database. Errors are thrown as CollectError (or the egress module's FetchError).
 */
export interface SourceAdapter<C = unknown> {
  kind: SourceKind;
  /** Validates and fills defaults in the kind's config (selectors, mapping). */
  configSchema: z.ZodType<C>;
  collect(source: AdapterSource<C>, fetcher: Fetcher): Promise<AdapterResult>;
  /** Optional second step for items found new: fetch the article page and fill `body`. */
  fetchArticle?(item: RawItem, config: C, fetcher: Fetcher): Promise<RawItem>;
}

/** A collection failure with a stable code (see FailureCode). */
export class CollectError extends Error {
  constructor(
    readonly code: FailureCode,
    message: string,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
    this.name = 'CollectError';
  }
}
