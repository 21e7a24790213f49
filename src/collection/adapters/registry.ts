import { z } from 'zod';
import { htmlSelectorsSchema, jsonMappingSchema, type SourceConfig, type SourceKind } from '../source.ts';
import type { SourceAdapter } from './adapter.ts';
import { htmlAdapter } from './html.adapter.ts';
import { jsonAdapter } from './json.adapter.ts';
import { rssAdapter } from './rss.adapter.ts';

/** One adapter per source kind. Adding a kind means adding a file and a line here. */
const adapters: Record<SourceKind, SourceAdapter<unknown>> = {
  rss: rssAdapter,
  html: htmlAdapter,
  json: jsonAdapter,
};

/** Returns the adapter for a source kind. */
export function adapterFor(kind: SourceKind): SourceAdapter<unknown> {
  const adapter = adapters[kind];
  if (!adapter) throw new Error(`no adapter for source kind "${String(kind)}"`);
  return adapter;
}

/** The adapter's view of a source's config: html selectors, json mapping, nothing for rss. */
export function adapterConfig(source: { kind: SourceKind; config: SourceConfig }): unknown {
  return adapterFor(source.kind).configSchema.parse(source.kind === 'html' ? source.config.selectors : (source.config.mapping ?? {}));
}

/** What a source's stored config must hold, per kind (see SourceConfig). */
const sourceConfigSchemas: Record<SourceKind, z.ZodType<SourceConfig>> = {
  rss: z.object({}).strip(),
  html: z.object({ selectors: htmlSelectorsSchema }).strip(),
  json: z.object({ mapping: jsonMappingSchema }).strip(),
};

/**
 * Validates a source's config for its kind and fills defaults (`linkAttr`, `items`); returns the
 * parsed config, or throws a ZodError that lists every problem (e.g. `selectors.title` missing).
 */
export function validateSourceConfig(kind: SourceKind, config: unknown): SourceConfig {
  const schema = sourceConfigSchemas[kind];
  if (!schema) throw new Error(`unknown source kind "${String(kind)}"`);
  return schema.parse(config ?? {});
}
