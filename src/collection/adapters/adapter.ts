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

/** A fetched source document, decoded to text, or "not modified". */
export type FetchedDocument =
  | { notModified: true; httpStatus: 304 }
  | {
      notModified: false;
      text: string;
      /** The URL after redirects; relative links resolve against it. */
      finalUrl: string;
      httpStatus: number;
      etag: string | null;
      lastModified: string | null;
      /** The charset the body was decoded with, and how it was found. */
      charset: string;
    };

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
  /** What the fetch asks for (the Accept header and how the body is decoded). */
  expect: 'xml' | 'html' | 'json';
  /**
   * Reads the items of a fetched, decoded document. Pure (no I/O), so collection can run it on a
   * worker thread; throws CollectError (`not_a_feed`, `parse_error`) for a document it cannot read.
   */
  parse(document: string, config: C, finalUrl: string): RawItem[] | Promise<RawItem[]>;
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

/** Fetches a source's document conditionally (ETag / Last-Modified) through the egress module. */
export async function fetchDocument<C>(adapter: SourceAdapter<C>, source: AdapterSource<C>, fetcher: Fetcher): Promise<FetchedDocument> {
  const res = await fetcher.fetch({ url: source.url, etag: source.etag, lastModified: source.lastModified, expect: adapter.expect });
  if (res.notModified) return { notModified: true, httpStatus: 304 };
  return {
    notModified: false,
    text: res.text,
    finalUrl: res.finalUrl,
    httpStatus: res.status,
    etag: res.etag,
    lastModified: res.lastModified,
    charset: `${res.charset} (${res.charsetSource})`,
  };
}

/** Parses a fetched document with the adapter; a CollectError carries the response's HTTP status. */
export async function parseDocument<C>(adapter: SourceAdapter<C>, document: string, config: C, finalUrl: string, httpStatus: number): Promise<RawItem[]> {
  try {
    return await adapter.parse(document, config, finalUrl);
  } catch (err) {
    if (err instanceof CollectError) throw new CollectError(err.code, err.message, httpStatus);
    throw err;
  }
}

/** Fetches and parses in one step, on the calling thread (tests and tools; the collector splits the two). */
export async function collectWith<C>(adapter: SourceAdapter<C>, source: AdapterSource<C>, fetcher: Fetcher): Promise<AdapterResult> {
  const doc = await fetchDocument(adapter, source, fetcher);
  if (doc.notModified) return doc;
  const { text, ...rest } = doc;
  return { ...rest, items: await parseDocument(adapter, text, source.config, doc.finalUrl, doc.httpStatus) };
}
