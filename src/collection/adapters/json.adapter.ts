import type { Fetcher } from '../../egress/index.ts';
import { jsonMappingSchema, type JsonMapping } from '../source.ts';
import { CollectError, type AdapterResult, type AdapterSource, type RawItem, type SourceAdapter } from './adapter.ts';

/**
 * JSON endpoints (social-platform APIs, RSS bridges) read with dot paths: `data.items` finds the
 * item array, and `title`, `url`, `author.name`, `images.0.url`… find the fields in each item.
 * Numbers (ids, epoch dates) are kept as their decimal string; collection/dates.ts reads epoch values.
 */

/** Splits `data.items`, `$.data.items` or `a.b.0.c` into segments; empty or `$` is the root. */
function segments(path: string): string[] {
  const p = path.trim().replace(/^\$\.?/, '');
  return p ? p.split('.') : [];
}

/** Follows a dot path; array indexes are numeric segments. Undefined when any step is missing. */
export function getPath(value: unknown, path: string): unknown {
  let cur = value;
  for (const seg of segments(path)) {
    if (cur === null || cur === undefined) return undefined;
    if (Array.isArray(cur)) {
      if (!/^\d+$/.test(seg)) return undefined;
      cur = cur[Number(seg)];
    } else if (typeof cur === 'object') {
      cur = Object.prototype.hasOwnProperty.call(cur, seg) ? (cur as Record<string, unknown>)[seg] : undefined;
    } else {
      return undefined;
    }
  }
  return cur;
}

/** A field as a string: strings as they are, finite numbers and booleans stringified, anything else null. */
function field(item: unknown, path: string | undefined): string | null {
  if (!path) return null;
  const v = getPath(item, path);
  if (typeof v === 'string') return v.trim() ? v : null;
  if (typeof v === 'number') return Number.isFinite(v) ? String(v) : null;
  if (typeof v === 'bigint' || typeof v === 'boolean') return String(v);
  return null;
}

/**
 * Quotes integers too long for a double (19-digit Douyin/Twitter ids, some Weibo ids): JSON.parse
 * would round them, and two different posts would share a GUID. Strings are matched first so that
 * digits inside them are left alone.
 */
function quoteBigIntegers(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|(?<![\d.eE+-])-?\d{16,}(?![.\deE])/g, (m) => (m.startsWith('"') || Number.isSafeInteger(Number(m)) ? m : `"${m}"`));
}

/**
 * Reads items from a JSON document with a mapping. Throws CollectError `parse_error` for invalid
 * JSON or when the item path does not lead to an array (the message names the path).
 */
export function parseJsonItems(text: string, mapping: JsonMapping): RawItem[] {
  let doc: unknown;
  try {
    doc = JSON.parse(quoteBigIntegers(text.replace(/^\uFEFF/, '')));
  } catch (err) {
    throw new CollectError('parse_error', `invalid JSON: ${err instanceof Error ? err.message : String(err)}`);
  }
  const list = getPath(doc, mapping.items ?? '');
  if (!Array.isArray(list)) {
    const where = mapping.items?.trim() ? `"${mapping.items}"` : 'the top level';
    const found = list === undefined ? 'nothing' : list === null ? 'null' : typeof list;
    throw new CollectError('parse_error', `expected an array of items at ${where}, found ${found}`);
  }
  return list
    .filter((entry) => entry !== null && typeof entry === 'object')
    .map((entry) => ({
      guid: field(entry, mapping.id),
      url: field(entry, mapping.url),
      title: field(entry, mapping.title),
      summary: field(entry, mapping.summary),
      body: field(entry, mapping.body),
      author: field(entry, mapping.author),
      published: field(entry, mapping.date),
    }));
}

/** The json source kind: JSON endpoints read with a dot-path mapping. */
export const jsonAdapter: SourceAdapter<JsonMapping> = {
  kind: 'json',
  configSchema: jsonMappingSchema,
  expect: 'json',
  parse: (document, mapping) => parseJsonItems(document, mapping),
};
