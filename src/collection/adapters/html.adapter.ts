import { load, type Cheerio, type CheerioAPI } from 'cheerio';
import type { AnyNode } from 'domhandler';
import type { Fetcher } from '../../egress/index.ts';
import { htmlSelectorsSchema, type HtmlSelectors } from '../source.ts';
import type { AdapterResult, AdapterSource, RawItem, SourceAdapter } from './adapter.ts';

/**
 * HTML list pages (a department's 新闻动态 column, a forum board) read with CSS selectors: `item`
 * selects each entry, and title/link/date/summary are looked up inside it. A selector that matches
 * the item element itself is allowed (item `a.news`, title `a.news`), for lists of bare links.
 */

/** The element `selector` names: the scope itself when it matches, else its first descendant match. */
function pick(scope: Cheerio<AnyNode>, selector: string): Cheerio<AnyNode> {
  return scope.is(selector) ? scope.first() : scope.find(selector).first();
}

function squash(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** The page's <base href>, resolved against where it was fetched from (HTML §4.2.3). */
function documentBase($: CheerioAPI, pageUrl: string): string {
  const href = $('base[href]').first().attr('href');
  if (!href) return pageUrl;
  try {
    return new URL(href, pageUrl).href;
  } catch {
    return pageUrl;
  }
}

/** An absolute http(s) URL, or null for `javascript:`, `#`, mailto: and unparsable values. */
function resolveLink(href: string | undefined, base: string): string | null {
  const raw = href?.trim();
  if (!raw || raw.startsWith('#')) return null;
  try {
    const u = new URL(raw, base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.href : null;
  } catch {
    return null;
  }
}

/**
 * The title as shown, or the element's `title` attribute when that is longer: list pages often cut
 * titles to fit (`省司法厅召开全省人民调解…`) and keep the full one in the attribute.
 */
function titleOf(el: Cheerio<AnyNode>): string {
  const shown = squash(el.text());
  const attr = squash(el.attr('title') ?? '');
  return attr.length > shown.length ? attr : shown;
}

/** Reads the items of an HTML list page; links resolve against the page (or its <base>). Items without a title or link are skipped. */
export function parseHtmlList(html: string, selectors: HtmlSelectors, baseUrl: string): RawItem[] {
  const $ = load(html);
  const base = documentBase($, baseUrl);
  const linkAttr = selectors.linkAttr ?? 'href';
  const items: RawItem[] = [];
  $(selectors.item).each((_, node) => {
    const scope = $(node);
    const title = titleOf(pick(scope, selectors.title));
    const url = resolveLink(pick(scope, selectors.link).attr(linkAttr), base);
    if (!title || !url) return;
    let published: string | null = null;
    if (selectors.date) {
      const el = pick(scope, selectors.date);
      const raw = selectors.dateAttr ? el.attr(selectors.dateAttr) : el.text();
      published = raw && raw.trim() ? squash(raw) : null;
    }
    let summary: string | null = null;
    if (selectors.summary) {
      const el = pick(scope, selectors.summary);
      summary = el.length ? (el.html()?.trim() ?? null) || null : null;
    }
    items.push({ guid: null, url, title, summary, body: null, author: null, published });
  });
  return items;
}

/** The HTML inside the first element matching `selector`, or null when nothing matches. */
export function extractArticleBody(html: string, selector: string): string | null {
  const $ = load(html);
  const el = $(selector).first();
  if (!el.length) return null;
  el.find('script, style, noscript, template').remove();
  const inner = el.html()?.trim();
  return inner ? inner : null;
}

/** The html source kind: list pages read with CSS selectors, optionally each article page too. */
export const htmlAdapter: SourceAdapter<HtmlSelectors> = {
  kind: 'html',
  configSchema: htmlSelectorsSchema,

  expect: 'html',
  parse: (document, selectors, finalUrl) => parseHtmlList(document, selectors, finalUrl),

  /**
   * Fetches an item's page and sets `body` to the HTML of `selectors.body` (left as HTML so that
   * entities are decoded once, by normalisation). The item is returned unchanged when there is no
   * body selector, no URL, or the selector matches nothing. Fetch errors propagate.
   */
  async fetchArticle(item: RawItem, selectors: HtmlSelectors, fetcher: Fetcher): Promise<RawItem> {
    if (!selectors.body || !item.url) return item;
    const res = await fetcher.fetch({ url: item.url, expect: 'html' });
    if (res.notModified) return item;
    const body = extractArticleBody(res.text, selectors.body);
    return body ? { ...item, body } : item;
  },
};
