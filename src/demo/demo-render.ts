import { chinaTime, demoFeeds, socialMid, type DemoFeed, type DemoItem, type DemoTopic } from './content.ts';
import { demoFeedPaths, demoItemPath } from './demo-paths.ts';

/**
 * Renders demo items as the documents real sources serve: RSS 2.0, Atom 1.0, a county news list page
 * with article pages, and a social platform's JSON timeline. Pure: items, base URL and time in,
 * text out. Every text value is escaped for the context it lands in.
 */

const topicLabels: Record<DemoTopic, string> = {
  'work-report': '司法行政',
  'legal-aid': '法律援助',
  notary: '公证',
  mediation: '人民调解',
  'community-corrections': '社区矫正',
  prison: '监狱管理',
  rehab: '戒毒工作',
  lawyers: '律师工作',
  hotline: '12348热线',
  'admin-review': '行政复议',
  pufa: '普法宣传',
  'local-life': '本地新闻',
};

/** Escapes text for XML element content and attribute values. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' }[c]};`);
}

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&${{ '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": '#39' }[c]};`);
}

/** Wraps text in CDATA; a `]]>` inside is split across two sections, the only way to carry it. */
function cdata(text: string): string {
  return `<![CDATA[${text.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;
}

const DAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

/** RFC 822 date in China time, as Chinese RSS feeds write it: `Sat, 28 Nov 2026 13:45:00 +0800`. */
export function rfc822China(at: Date): string {
  const t = chinaTime(at);
  return `${DAYS[t.weekday]}, ${pad(t.day)} ${MONTHS[t.month - 1]} ${t.year} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)} +0800`;
}

/** RFC 3339 date in China time, for Atom and `<time datetime>`: `2026-11-28T13:45:00+08:00`. */
export function rfc3339China(at: Date): string {
  const t = chinaTime(at);
  return `${t.year}-${pad(t.month)}-${pad(t.day)}T${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)}+08:00`;
}

/** The date as Chinese portals print it, without a zone: `2026-11-28 13:45:00`. */
export function plainChinaDate(at: Date, seconds = true): string {
  const t = chinaTime(at);
  return `${t.year}-${pad(t.month)}-${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}${seconds ? `:${pad(t.second)}` : ''}`;
}

/** Weibo's `created_at` form: `Sat Nov 28 13:45:00 +0800 2026`. */
export function weiboDate(at: Date): string {
  const t = chinaTime(at);
  return `${DAYS[t.weekday]} ${MONTHS[t.month - 1]} ${pad(t.day)} ${pad(t.hour)}:${pad(t.minute)}:${pad(t.second)} +0800 ${t.year}`;
}

/** The body as HTML paragraphs (text escaped). */
export function bodyHtml(item: Pick<DemoItem, 'paragraphs'>): string {
  return item.paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('');
}

export interface RssOptions {
  /** Value of the XML declaration's encoding. */
  encoding: string;
  /** full: description holds the whole body · split: summary in description, body in content:encoded. */
  body: 'full' | 'split';
  /** How pubDate is written; `plain` is the zone-less form some Chinese portals use. */
  dates: 'rfc822' | 'plain';
  /** dc:creator (the usual) or RSS's own author element with a bare name (a common misuse). */
  author: 'dc' | 'author';
  /** Whether guid is the item link or an opaque id. */
  guid: 'link' | 'opaque';
}

/** Renders an RSS 2.0 document for a demo feed. */
export function renderRss(feed: DemoFeed, items: DemoItem[], baseUrl: string, now: Date, options: RssOptions): string {
  const channelLink = `${baseUrl}/`;
  const out: string[] = [
    `<?xml version="1.0" encoding="${options.encoding}"?>`,
    '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/" xmlns:atom="http://www.w3.org/2005/Atom">',
    '<channel>',
    `<title>${escapeXml(feed.title)}</title>`,
    `<link>${escapeXml(channelLink)}</link>`,
    `<atom:link href="${escapeXml(baseUrl + demoFeedPaths[feed.id])}" rel="self" type="application/rss+xml"/>`,
    `<description>${escapeXml(feed.description)}</description>`,
    '<language>zh-cn</language>',
    `<lastBuildDate>${rfc822China(items[0]?.publishedAt ?? now)}</lastBuildDate>`,
    '<ttl>1</ttl>',
  ];
  for (const item of items) out.push(rssItem(item, baseUrl, options));
  out.push('</channel>', '</rss>', '');
  return out.join('\n');
}

function rssItem(item: DemoItem, baseUrl: string, options: RssOptions): string {
  const link = baseUrl + demoItemPath(item);
  const html = bodyHtml(item);
  const parts = [
    '<item>',
    `<title>${escapeXml(item.title)}</title>`,
    `<link>${escapeXml(link)}</link>`,
    options.guid === 'link'
      ? `<guid isPermaLink="true">${escapeXml(link)}</guid>`
      : `<guid isPermaLink="false">huiying-demo:${escapeXml(item.id)}</guid>`,
    `<pubDate>${options.dates === 'plain' ? plainChinaDate(item.publishedAt) : rfc822China(item.publishedAt)}</pubDate>`,
    options.author === 'dc' ? `<dc:creator>${escapeXml(item.author)}</dc:creator>` : `<author>${escapeXml(item.author)}</author>`,
    `<category>${escapeXml(topicLabels[item.topic])}</category>`,
  ];
  if (options.body === 'split') {
    parts.push(`<description>${escapeXml(item.summary)}</description>`, `<content:encoded>${cdata(html)}</content:encoded>`);
  } else {
    parts.push(`<description>${escapeXml(html)}</description>`);
  }
  parts.push('</item>');
  return parts.join('');
}

/** Renders an Atom 1.0 document (the forum's feed). */
export function renderAtom(feed: DemoFeed, items: DemoItem[], baseUrl: string, now: Date): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="zh-CN">',
    `<title>${escapeXml(feed.title)}</title>`,
    `<subtitle>${escapeXml(feed.description)}</subtitle>`,
    `<id>tag:huiying.demo,2025:${feed.id}</id>`,
    `<link rel="alternate" type="text/html" href="${escapeXml(baseUrl)}/"/>`,
    `<link rel="self" type="application/atom+xml" href="${escapeXml(baseUrl + demoFeedPaths[feed.id])}"/>`,
    `<updated>${rfc3339China(items[0]?.publishedAt ?? now)}</updated>`,
  ];
  for (const item of items) {
    const link = baseUrl + demoItemPath(item);
    out.push(
      [
        '<entry>',
        `<title type="text">${escapeXml(item.title)}</title>`,
        `<id>tag:huiying.demo,2025:${escapeXml(item.id)}</id>`,
        `<link rel="alternate" type="text/html" href="${escapeXml(link)}"/>`,
        `<published>${rfc3339China(item.publishedAt)}</published>`,
        `<updated>${rfc3339China(item.publishedAt)}</updated>`,
        `<author><name>${escapeXml(item.author)}</name></author>`,
        `<category term="${escapeXml(topicLabels[item.topic])}"/>`,
        `<summary type="text">${escapeXml(item.summary)}</summary>`,
        `<content type="html">${escapeXml(bodyHtml(item))}</content>`,
        '</entry>',
      ].join(''),
    );
  }
  out.push('</feed>', '');
  return out.join('\n');
}

// The county site is an old-style portal: GB2312 declared in a <meta> (and not in the HTTP header),
// relative links, the date printed without a zone and repeated in a machine-readable attribute.
const countyHead = (title: string) =>
  [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta http-equiv="Content-Type" content="text/html; charset=gb2312">',
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
  ].join('\n');

/** Renders the county site's news list page. */
export function renderCountyList(feed: DemoFeed, items: DemoItem[]): string {
  const rows = items.map((item) =>
    [
      '<li class="news-item">',
      `<a class="title" href="${escapeHtml(`article/${item.index}.html`)}">${escapeHtml(item.title)}</a>`,
      `<p class="summary">${escapeHtml(item.summary)}</p>`,
      `<time class="date" datetime="${rfc3339China(item.publishedAt)}">${plainChinaDate(item.publishedAt, false)}</time>`,
      '</li>',
    ].join(''),
  );
  return [
    countyHead(`县区动态 - ${feed.title}`),
    '<body>',
    `<div class="header"><h1>${escapeHtml(feed.title)}</h1><p class="notice">本站为 Huiying 内置演示站点，内容均为合成数据。</p></div>`,
    '<div class="main"><h2>县区动态</h2>',
    '<ul class="news-list">',
    ...rows,
    '</ul>',
    '</div>',
    '</body>',
    '</html>',
    '',
  ].join('\n');
}

/** Renders an item's own page (the page a feed links to); county pages use the county site's style. */
export function renderArticle(item: DemoItem, baseUrl: string): string {
  const feed = demoFeeds[item.feedId];
  const meta = `<div class="meta"><span class="source">${escapeHtml(feed.title)}</span> <span class="author">${escapeHtml(item.author)}</span> <time datetime="${rfc3339China(item.publishedAt)}">${plainChinaDate(item.publishedAt)}</time></div>`;
  const article = [
    '<body>',
    `<p class="crumbs"><a href="${escapeHtml(baseUrl)}/">演示首页</a></p>`,
    '<div class="article">',
    `<h1 class="article-title">${escapeHtml(item.title)}</h1>`,
    meta,
    `<div class="article-content">${bodyHtml(item)}</div>`,
    '<p class="notice">本页为 Huiying 内置演示数据，内容为合成，非真实信息。</p>',
    '</div>',
    '</body>',
    '</html>',
    '',
  ];
  if (item.feedId === 'county-site') return [countyHead(item.title), ...article].join('\n');
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head>',
    '<meta charset="utf-8">',
    `<title>${escapeHtml(item.title)}</title>`,
    '</head>',
    ...article,
  ].join('\n');
}

/** One post as the social platform's JSON API returns it. */
export interface SocialPost {
  mid: string;
  text: string;
  user: { screen_name: string };
  created_at: string;
  url: string;
  reposts_count: number;
}

/** Renders the social platform's timeline: `{ ok, data: { list: [...] } }`. */
export function renderSocialTimeline(items: DemoItem[], baseUrl: string): string {
  const list: SocialPost[] = items.map((item) => ({
    mid: socialMid(item.index),
    text: item.body,
    user: { screen_name: item.author },
    created_at: weiboDate(item.publishedAt),
    url: baseUrl + demoItemPath(item),
    reposts_count: item.index % 7,
  }));
  return JSON.stringify({ ok: 1, data: { list, total: list.length } });
}

/** The demo server's home page: what is served, and that it is synthetic. */
export function renderIndex(baseUrl: string): string {
  const rows = Object.values(demoFeeds).map(
    (feed) => `<li><a href="${escapeHtml(baseUrl + demoFeedPaths[feed.id])}">${escapeHtml(feed.title)}</a> — ${escapeHtml(feed.description)}</li>`,
  );
  return [
    '<!DOCTYPE html>',
    '<html lang="zh-CN">',
    '<head><meta charset="utf-8"><title>Huiying 演示信息源</title></head>',
    '<body>',
    '<h1>Huiying 演示信息源 / demo sources</h1>',
    '<p>以下信息源由 Huiying 在本机提供，内容全部为合成数据，仅用于演示。</p>',
    `<ul>${rows.join('')}</ul>`,
    '</body>',
    '</html>',
    '',
  ].join('\n');
}
