/**
 * Canonical URLs, so that one article reached through different share links is stored once.
 * Only changes that cannot change which page a server returns are made: scheme and host lower-cased
 * (the URL parser does this), default port and fragment dropped, percent-escapes upper-cased
 * (RFC 3986 §6.2.2.1), tracking parameters dropped and the rest sorted. The path, including a
 * trailing slash, is kept as written: `/a` and `/a/` may be different pages.
 */

/**
 * Query parameters that only say where a click came from, dropped everywhere. Sorted; a name ending
 * in `*` is a prefix. Generic names that some sites use for content (`id`, `page`, `lang`, `key`,
 * `version`, `type`) are never listed here; platform-specific ones go in HOST_TRACKING below.
 */
const TRACKING: readonly string[] = [
  '__twitter_impression',
  '_ga',
  '_gl',
  '_hsenc',
  '_hsmi',
  'at_campaign',
  'at_medium',
  'clicktime', // WeChat share time
  'cmpid',
  'dclid',
  'enterid', // WeChat
  'fbclid',
  'from', // 微信/微博/今日头条 share origin (timeline, singlemessage, groupmessage…)
  'gclid',
  'gclsrc',
  'igshid',
  'isappinstalled', // WeChat
  'mc_cid',
  'mc_eid',
  'mkt_tok',
  'msclkid',
  'ncid',
  'ocid',
  'ref_src',
  'scene', // WeChat
  'share_token', // Toutiao, Douyin
  'spm', // Alibaba / Youku / Taobao click tracking
  'spm_id_from', // Bilibili
  'utm_*',
  'vd_source', // Bilibili
  'wfr', // WeChat
  'xtor',
  'yclid',
];

/**
 * Tracking parameters that are only safe to drop on one platform, because elsewhere the same name may
 * select content. Keys are host names; a leading dot matches subdomains as well.
 */
const HOST_TRACKING: Record<string, readonly string[]> = {
  // mp.weixin.qq.com/s?__biz=…&mid=…&idx=…&sn=… identifies an article; the rest is share context.
  'mp.weixin.qq.com': [
    'ascene', 'chksm', 'devicetype', 'exportkey', 'key', 'lang', 'nettype', 'pass_ticket', 'sessionid',
    'sharer_shareid', 'sharer_sharetime', 'subscene', 'uin', 'version', 'wx_header',
  ],
  '.weibo.com': ['display', 'retcode', 'sudaref', 'wm'],
  '.weibo.cn': ['display', 'retcode', 'sudaref', 'wm'],
  '.toutiao.com': ['app', 'req_id', 'timestamp', 'tt_from', 'use_new_style'],
  '.bilibili.com': ['buvid', 'is_story_h5', 'plat_id', 'share_from', 'share_medium', 'share_plat', 'share_session_id', 'share_source', 'share_tag', 'timestamp', 'unique_k'],
  '.zhihu.com': ['share_code', 'utm_psn'],
  '.douyin.com': ['previous_page', 'region', 'share_sign', 'u_code', 'with_sec_did'],
};

const exact = new Set(TRACKING.filter((p) => !p.endsWith('*')));
const prefixes = TRACKING.filter((p) => p.endsWith('*')).map((p) => p.slice(0, -1));

const hostExact = new Map<string, ReadonlySet<string>>();
const hostSuffixes: [string, ReadonlySet<string>][] = [];
for (const [key, names] of Object.entries(HOST_TRACKING)) {
  if (key.startsWith('.')) {
    hostExact.set(key.slice(1), new Set(names));
    hostSuffixes.push([key, new Set(names)]);
  } else {
    hostExact.set(key, new Set(names));
  }
}

/** The platform-specific tracking names for a host (exact key or `.suffix` key), or null. */
function hostTracking(host: string): ReadonlySet<string> | null {
  const exactNames = hostExact.get(host);
  if (exactNames) return exactNames;
  for (const [suffix, names] of hostSuffixes) if (host.endsWith(suffix)) return names;
  return null;
}

function isTracking(name: string, perHost: ReadonlySet<string> | null): boolean {
  const n = name.toLowerCase();
  return exact.has(n) || prefixes.some((p) => n.startsWith(p)) || (perHost?.has(n) ?? false);
}

function decodeName(raw: string): string {
  try {
    return decodeURIComponent(raw.replace(/\+/g, ' '));
  } catch {
    return raw;
  }
}

/**
 * Canonicalises an http(s) URL (resolved against `base` when relative) for deduplication; returns
 * null for other schemes and unparsable input. See the file comment for what is changed.
 */
export function canonicalizeUrl(url: string | null | undefined, base?: string | null): string | null {
  if (!url) return null;
  let u: URL;
  try {
    u = base ? new URL(url.trim(), base) : new URL(url.trim());
  } catch {
    return null;
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') return null;
  if (!u.hostname) return null;
  // Credentials never identify a page, and must not end up in the database.
  u.username = '';
  u.password = '';
  // Hash-bang and hash-route links (`#!/news/1`, `#/news/1`) name different pages of a single-page site.
  const keepHash = /^#!?\//.test(u.hash) ? u.hash : '';
  u.hash = '';

  const perHost = hostTracking(u.hostname);
  // Work on the raw `name=value` pairs: re-encoding through URLSearchParams would turn %20 into +
  // and change escapes that some servers treat differently.
  const pairs = u.search
    .slice(1)
    .split('&')
    .filter((pair) => pair !== '')
    .map((pair) => {
      const eq = pair.indexOf('=');
      return { raw: pair, name: decodeName(eq < 0 ? pair : pair.slice(0, eq)) };
    })
    .filter((p) => !isTracking(p.name, perHost));
  // Sort by name only; Array.prototype.sort is stable, so repeated names keep their order (a=2&a=1).
  pairs.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const query = pairs.map((p) => p.raw).join('&');

  const path = upperEscapes(u.pathname);
  return `${u.protocol}//${u.host}${path}${query ? '?' + upperEscapes(query) : ''}${upperEscapes(keepHash)}`;
}

function upperEscapes(s: string): string {
  return s.replace(/%[0-9a-f]{2}/gi, (m) => m.toUpperCase());
}
