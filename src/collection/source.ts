import { z } from 'zod';

/** The kinds of source Huiying can collect from; each has an adapter in adapters/. */
export const sourceKinds = ['rss', 'html', 'json'] as const;
export type SourceKind = (typeof sourceKinds)[number];

/**
 * Why a collection failed, as shown on the source. Stable codes; the board translates them.
 * timeout: no complete answer in time · dns: host not found · refused: connection refused or reset ·
 * http_4xx / http_5xx: the server answered with an error · too_large: body over the cap ·
 * too_many_redirects · blocked: address refused by the SSRF guard · bad_url: not http(s) or unparsable ·
 * not_a_feed: the document is not RSS/Atom (e.g. an HTML page) · parse_error: malformed document ·
 * empty: parsed, but no items · network: any other transport failure · internal: a bug on our side.
 */
export const failureCodes = [
  'timeout',
  'dns',
  'refused',
  'http_4xx',
  'http_5xx',
  'too_large',
  'too_many_redirects',
  'blocked',
  'bad_url',
  'not_a_feed',
  'parse_error',
  'empty',
  'network',
  'internal',
] as const;
export type FailureCode = (typeof failureCodes)[number];

/** Outcome of one collection of one source. */
export type CollectionOutcome = 'ok' | 'not_modified' | 'error';

/** What the source shows: its last outcome, or `new` before the first fetch. */
export type SourceStatus = 'new' | CollectionOutcome;

/** Selectors for an html source: a list page and, optionally, each article page. */
export const htmlSelectorsSchema = z.object({
  item: z.string().min(1),
  title: z.string().min(1),
  link: z.string().min(1),
  /** Attribute that holds the link (default href). */
  linkAttr: z.string().min(1).default('href'),
  date: z.string().min(1).optional(),
  /** Attribute that holds the date (default: the element's text). */
  dateAttr: z.string().min(1).optional(),
  summary: z.string().min(1).optional(),
  /** Selector of the article body on each linked page; when set, new items' pages are fetched. */
  body: z.string().min(1).optional(),
});
export type HtmlSelectors = z.infer<typeof htmlSelectorsSchema>;

/** Dot paths into a JSON document: where the item array is and which field holds what. */
export const jsonMappingSchema = z.object({
  /** Path of the item array, e.g. `data.items`; empty or `$` for a top-level array. */
  items: z.string().default(''),
  id: z.string().min(1).optional(),
  title: z.string().min(1).optional(),
  url: z.string().min(1).optional(),
  body: z.string().min(1).optional(),
  summary: z.string().min(1).optional(),
  date: z.string().min(1).optional(),
  author: z.string().min(1).optional(),
});
export type JsonMapping = z.infer<typeof jsonMappingSchema>;

export type SourceConfig = { selectors?: HtmlSelectors; mapping?: JsonMapping };

/** A source as the domain sees it. */
export interface Source {
  id: number;
  name: string;
  kind: SourceKind;
  url: string;
  config: SourceConfig;
  schedule: string;
  weight: number;
  enabled: boolean;
  demo: boolean;
  createdAt: Date;
  updatedAt: Date;
  state: SourceState;
}

/** The collection state of a source, written by the collector. */
export interface SourceState {
  status: SourceStatus;
  lastCheckedAt: Date | null;
  lastSuccessAt: Date | null;
  nextCheckAt: Date | null;
  errorCount: number;
  lastErrorCode: FailureCode | null;
  lastErrorMessage: string | null;
  lastErrorAt: Date | null;
  lastHttpStatus: number | null;
  etag: string | null;
  lastModified: string | null;
  itemsTotal: number;
  lastNewItems: number;
}

/** A source as the API and the board see it: JSON-safe, times as ISO strings. */
export interface SourceView {
  id: number;
  name: string;
  kind: SourceKind;
  url: string;
  config: SourceConfig;
  schedule: string;
  weight: number;
  enabled: boolean;
  demo: boolean;
  status: SourceStatus;
  lastCheckedAt: string | null;
  lastSuccessAt: string | null;
  nextCheckAt: string | null;
  errorCount: number;
  lastErrorCode: FailureCode | null;
  lastErrorMessage: string | null;
  lastErrorAt: string | null;
  lastHttpStatus: number | null;
  itemsTotal: number;
  lastNewItems: number;
  createdAt: string;
  updatedAt: string;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** Shapes a source for the API and the board. */
export function toSourceView(s: Source): SourceView {
  return {
    id: s.id,
    name: s.name,
    kind: s.kind,
    url: s.url,
    config: s.config,
    schedule: s.schedule,
    weight: s.weight,
    enabled: s.enabled,
    demo: s.demo,
    status: s.state.status,
    lastCheckedAt: iso(s.state.lastCheckedAt),
    lastSuccessAt: iso(s.state.lastSuccessAt),
    nextCheckAt: iso(s.state.nextCheckAt),
    errorCount: s.state.errorCount,
    lastErrorCode: s.state.lastErrorCode,
    lastErrorMessage: s.state.lastErrorMessage,
    lastErrorAt: iso(s.state.lastErrorAt),
    lastHttpStatus: s.state.lastHttpStatus,
    itemsTotal: s.state.itemsTotal,
    lastNewItems: s.state.lastNewItems,
    createdAt: s.createdAt.toISOString(),
    updatedAt: s.updatedAt.toISOString(),
  };
}
