import Parser from 'rss-parser';
import { decodeHTML } from 'entities';
import { z } from 'zod';
import type { Fetcher } from '../../egress/index.ts';
import { CollectError, type AdapterResult, type AdapterSource, type RawItem, type SourceAdapter } from './adapter.ts';

/**
 * RSS 0.9x / 1.0 (RDF) / 2.0 and Atom feeds, parsed with rss-parser. rss-parser is lenient about
 * structure but not about XML, and a few real-world shapes break it, so the document is prepared
 * first (see prepareXml) and the raw fields are read instead of rss-parser's conveniences:
 * dates stay as written (collection/dates.ts reads them), HTML stays HTML (text/normalize.ts strips it).
 */

const ATOM_NS = 'http://www.w3.org/2005/Atom';

/** Item elements copied as written. Atom dates are renamed first (see prepareXml), hence the prefix. */
const CUSTOM_ITEM_FIELDS = [
  ['link', 'huiyingLinks', { keepArray: true }],
  'huiying-published',
  'huiying-updated',
  'dc:date',
  'description',
  'dc:creator',
  'itunes:summary',
] as const;

type FeedItem = Record<string, unknown>;

function newParser(): Parser<Record<string, unknown>, FeedItem> {
  // A fresh parser per document: xml2js parsers keep state after an error.
  return new Parser<Record<string, unknown>, FeedItem>({
    // <rss> without a version attribute (seen in the wild and in feedparser's tests) is read as RSS 2.0.
    defaultRSS: 2,
    customFields: { item: CUSTOM_ITEM_FIELDS as unknown as string[] },
  });
}

/** The first element's name (prefix included) after the XML declaration, comments, PIs and doctype. */
function rootElement(xml: string): string | null {
  const re = /<(!--[\s\S]*?-->|\?[\s\S]*?\?>|!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>|([A-Za-z_][\w.:-]*))/gi;
  for (let m = re.exec(xml); m; m = re.exec(xml)) {
    if (m[2]) return m[2];
  }
  return null;
}

/**
 * Makes real-world documents digestible for rss-parser:
 * - BOMs and blank lines before the XML declaration (ruanyifeng, itunes-* feeds) are trimmed;
 * - Atom written with a namespace prefix (`<a:feed>`, `<p0:entry>`) loses the prefix, since
 *   rss-parser only knows unprefixed Atom;
 * - Atom `<published>`/`<updated>` are renamed, because rss-parser converts them with
 *   `new Date(x).toISOString()`, which throws on one bad date and would lose the whole feed;
 * - `<rss>` without a `<channel>` (feedparser's test documents) gets one.
 */
function prepareXml(text: string): { xml: string; root: string | null } {
  let xml = text.replace(/^\uFEFF/, '').trim();
  let root = rootElement(xml);
  const local = root?.includes(':') ? root.slice(root.indexOf(':') + 1) : root;
  if (local === 'feed') {
    for (const m of xml.matchAll(/xmlns:([\w.-]+)\s*=\s*["']([^"']*)["']/g)) {
      if (m[2] !== ATOM_NS) continue;
      const prefix = m[1]!.replace(/[.]/g, '\\.');
      xml = xml.replace(new RegExp(`<(/?)${prefix}:`, 'g'), '<$1');
    }
    root = 'feed';
    xml = xml.replace(/<(\/?)(published|updated)(?=[\s>/])/g, '<$1huiying-$2');
  } else if (root === 'rss' && !/<channel[\s>]/.test(xml)) {
    xml = xml.replace(/(<rss\b[^>]*>)([\s\S]*)(<\/rss\s*>)/, '$1<channel>$2</channel>$3');
  }
  return { xml, root };
}

/**
 * XML that a browser would forgive: bare `&` (`?a=1&b=2` in a link) and HTML entities such as
 * `&nbsp;` that XML does not define. Used only when the strict parse fails.
 */
function repairEntities(xml: string): string {
  return xml.replace(/&(#\d+;|#x[0-9a-f]+;|[A-Za-z][A-Za-z0-9]*;)?/gi, (match, ref: string | undefined) => {
    if (!ref) return '&amp;';
    if (ref.startsWith('#') || /^(amp|lt|gt|quot|apos);$/.test(ref)) return match;
    const decoded = decodeHTML(match);
    return decoded === match ? '&amp;' + ref : `&#${decoded.codePointAt(0)};`;
  });
}

/** True for an HTML page (error page, landing page) served where a feed was expected. */
function looksLikeHtml(xml: string, root: string | null): boolean {
  return root?.toLowerCase() === 'html' || /^\s*<!doctype\s+html/i.test(xml);
}

/** Text of an xml2js value: a string, `{ _: text }`, or an element tree (Atom type="xhtml"). */
function text(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string') return value;
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return text(value[0]);
  if (typeof value === 'object') {
    const node = value as Record<string, unknown>;
    if (typeof node._ === 'string') return node._;
    const parts: string[] = [];
    for (const [key, child] of Object.entries(node)) {
      if (key === '$') continue;
      for (const c of Array.isArray(child) ? child : [child]) {
        const t = text(c);
        if (t) parts.push(t);
      }
    }
    return parts.length ? parts.join(' ') : null;
  }
  return null;
}

function nonEmpty(value: unknown): string | null {
  const t = text(value);
  return t && t.trim() ? t : null;
}

interface AtomLink {
  $?: { href?: string; rel?: string; type?: string };
}

/** An Atom entry's page: rel="alternate" (or no rel, which means alternate), HTML type preferred. */
function atomLink(links: unknown): string | null {
  if (!Array.isArray(links)) return nonEmpty(links);
  const candidates = (links as AtomLink[])
    .map((l) => (typeof l === 'string' ? { href: l, rel: undefined, type: undefined } : (l?.$ ?? {})))
    .filter((l) => l.href && (!l.rel || l.rel === 'alternate'));
  const html = candidates.find((l) => !l.type || /html/i.test(l.type));
  return (html ?? candidates[0])?.href?.trim() || null;
}

/** An RSS item's page: <link>, else a permalink <guid> (RSS 2.0: isPermaLink defaults to true). */
function rssLink(item: FeedItem): string | null {
  const links = item.huiyingLinks;
  const first = Array.isArray(links) ? links.map(text).find((l) => l && l.trim()) : nonEmpty(links);
  if (first) return first.trim();
  const guid = nonEmpty(item.guid);
  return guid && /^https?:\/\//i.test(guid.trim()) ? guid.trim() : null;
}

function toRawItem(item: FeedItem, atom: boolean): RawItem {
  if (atom) {
    return {
      guid: nonEmpty(item.id)?.trim() ?? null,
      url: atomLink(item.huiyingLinks),
      title: nonEmpty(item.title),
      summary: nonEmpty(item.summary),
      body: nonEmpty(item.content),
      author: nonEmpty(item.author) ?? nonEmpty(item['dc:creator']),
      published: nonEmpty(item['huiying-published']) ?? nonEmpty(item['huiying-updated']) ?? nonEmpty(item['dc:date']),
    };
  }
  return {
    guid: nonEmpty(item.guid)?.trim() ?? null,
    url: rssLink(item),
    title: nonEmpty(item.title),
    summary: nonEmpty(item.description) ?? nonEmpty(item['itunes:summary']),
    body: nonEmpty(item['content:encoded']),
    author: nonEmpty(item.creator) ?? nonEmpty(item['dc:creator']) ?? nonEmpty(item.author),
    published: nonEmpty(item.pubDate) ?? nonEmpty(item['dc:date']),
  };
}

/** The first line of a sax/xml2js error plus its position, e.g. `Unexpected close tag (line 3, column 7)`. */
function describeXmlError(err: unknown): string {
  const message = err instanceof Error ? err.message : String(err);
  const [first, ...rest] = message.split('\n');
  const line = /Line:\s*(\d+)/.exec(rest.join(' '));
  const column = /Column:\s*(\d+)/.exec(rest.join(' '));
  return line ? `${first} (line ${Number(line[1]) + 1}, column ${column?.[1] ?? '?'})` : (first ?? message);
}

/**
 * Parses an RSS or Atom document (already decoded to text) into RawItems. Throws CollectError
 * `not_a_feed` for an HTML page or a non-feed XML document, and `parse_error` for malformed XML.
 * A valid feed without items gives an empty list.
 */
export async function parseFeed(document: string): Promise<RawItem[]> {
  const { xml, root } = prepareXml(document);
  if (!xml) throw new CollectError('parse_error', 'the document is empty');
  if (looksLikeHtml(xml, root)) throw new CollectError('not_a_feed', 'the document is an HTML page, not a feed');
  if (!xml.startsWith('<')) throw new CollectError('not_a_feed', 'the document is not XML');
  if (!root) throw new CollectError('parse_error', 'the document has no root element');
  if (!['rss', 'feed', 'rdf:RDF'].includes(root)) {
    throw new CollectError('not_a_feed', `the document is XML with root <${root}>, not RSS or Atom`);
  }

  let feed: Awaited<ReturnType<ReturnType<typeof newParser>['parseString']>>;
  try {
    feed = await newParser().parseString(xml);
  } catch (strictError) {
    try {
      feed = await newParser().parseString(repairEntities(xml));
    } catch {
      if (strictError instanceof Error && /not recognized/i.test(strictError.message)) {
        throw new CollectError('not_a_feed', 'the document is not RSS or Atom');
      }
      throw new CollectError('parse_error', `malformed feed: ${describeXmlError(strictError)}`);
    }
  }
  return (feed.items ?? []).map((item) => toRawItem(item as FeedItem, root === 'feed'));
}

/** RSS and Atom sources have no per-source settings. */
const rssConfigSchema = z.object({}).strip();
export type RssConfig = z.infer<typeof rssConfigSchema>;

/** The rss source kind: RSS and Atom feeds. */
export const rssAdapter: SourceAdapter<RssConfig> = {
  kind: 'rss',
  configSchema: rssConfigSchema,
  expect: 'xml',
  parse: (document) => parseFeed(document),
};
