import * as OpenCC from 'opencc-js/cn2t';
import {
  cities,
  givenNames,
  hongKongScreenNames,
  incidentTemplates,
  localLifeTemplates,
  officialTemplates,
  postEmoticons,
  postHashtags,
  repostComments,
  screenNamePrefixes,
  screenNameSuffixes,
  selfMediaAccounts,
  socialTemplates,
  surnames,
  taiwanScreenNames,
  towns,
  traditionalVoiceTemplates,
} from './story-templates.ts';
import type { DemoCategory, DemoTone, DemoTopic, StoryTemplate } from './story-templates.ts';
import { fillSlots, intBetween, pick, pickWeighted, rngFor, type Rng } from './draw.ts';
import { newsVoice, postVoice } from './voices.ts';

export { fillSlots, rngFor, type Rng } from './draw.ts';

/**
 * The demo's content generator. Pure and deterministic: an item is a function of (seed, feed, index),
 * and item `index` of a feed is "published" at a fixed instant, so every fetch at the same time sees
 * the same items and a later fetch sees the same old items plus new ones.
 *
 *   publishedAt(feed, n) = epoch + offset(feed) + n·interval(feed) + jitter(n),  0 ≤ jitter < 0.4·interval
 *
 * With a fixed epoch the newest items are always a few minutes old, whenever the demo starts, and an
 * item keeps its id across restarts. Some items repost an earlier item of another feed (same story,
 * slightly altered text, another attribution); the repost graph below is acyclic. Given a schedule of
 * incidents (DemoIncidents), most social posts inside an incident's window are about one event.
 */

export type { DemoCategory, DemoTone, DemoTopic } from './story-templates.ts';

export const demoFeedIds = ['official', 'legal-daily', 'city-portal', 'county-site', 'self-media', 'forum', 'social'] as const;
export type DemoFeedId = (typeof demoFeedIds)[number];

export interface DemoFeed {
  id: DemoFeedId;
  /** Channel title as the feed shows it, marked as demo content. */
  title: string;
  /** The outlet's name as a repost attributes it. */
  outlet: string;
  description: string;
  /** Mean seconds between two items. */
  intervalSeconds: number;
  /** news: paragraphs with a byline · social: one post by an account. */
  style: 'news' | 'social';
  /** Share of original items per category. */
  mix: Record<DemoCategory, number>;
  /** Which feeds this one reposts from, and how often. */
  reposts: { from: DemoFeedId[]; share: number };
  traditionalShare: number;
  fullWidthShare: number;
}

/** The demo feeds: official media, a city portal, a county site, self-media, a forum and a social platform. */
export const demoFeeds: Record<DemoFeedId, DemoFeed> = {
  official: {
    id: 'official',
    title: '赣鄱法治网（演示）',
    outlet: '赣鄱法治网',
    description: '江西司法行政新闻。Huiying 内置演示数据，全部内容为合成，非真实新闻。',
    intervalSeconds: 38,
    style: 'news',
    mix: { official: 1, local: 0, social: 0 },
    reposts: { from: [], share: 0 },
    traditionalShare: 0,
    fullWidthShare: 0,
  },
  'legal-daily': {
    id: 'legal-daily',
    title: '法治时报·江西频道（演示）',
    outlet: '法治时报',
    description: '法治新闻江西频道。Huiying 内置演示数据，全部内容为合成，非真实新闻。',
    intervalSeconds: 34,
    style: 'news',
    mix: { official: 0.7, local: 0.3, social: 0 },
    reposts: { from: ['official'], share: 0.25 },
    traditionalShare: 0,
    fullWidthShare: 0.05,
  },
  'city-portal': {
    id: 'city-portal',
    title: '赣中都市网（演示）',
    outlet: '赣中都市网',
    description: '城市新闻门户（GBK 编码）。Huiying 内置演示数据，全部内容为合成，非真实新闻。',
    intervalSeconds: 30,
    style: 'news',
    mix: { official: 0.3, local: 0.7, social: 0 },
    reposts: { from: ['official', 'legal-daily'], share: 0.15 },
    traditionalShare: 0,
    fullWidthShare: 0.1,
  },
  'county-site': {
    id: 'county-site',
    title: '江西县域新闻网（演示）',
    outlet: '江西县域新闻网',
    description: '县区新闻列表页。Huiying 内置演示数据，全部内容为合成，非真实新闻。',
    intervalSeconds: 36,
    style: 'news',
    mix: { official: 0.5, local: 0.5, social: 0 },
    reposts: { from: ['official'], share: 0.1 },
    traditionalShare: 0,
    fullWidthShare: 0,
  },
  'self-media': {
    id: 'self-media',
    title: '公众号聚合·法治频道（演示）',
    outlet: '公众号聚合',
    description: '自媒体公众号文章聚合。Huiying 内置演示数据，全部内容为合成。',
    intervalSeconds: 33,
    style: 'social',
    mix: { official: 0.3, local: 0.2, social: 0.5 },
    reposts: { from: ['official', 'legal-daily', 'city-portal', 'social'], share: 0.4 },
    traditionalShare: 0.05,
    fullWidthShare: 0.05,
  },
  forum: {
    id: 'forum',
    title: '赣鄱论坛·民生法治版（演示）',
    outlet: '赣鄱论坛',
    description: '地方论坛民生法治版块。Huiying 内置演示数据，全部内容为合成。',
    intervalSeconds: 27,
    style: 'social',
    mix: { official: 0, local: 0, social: 1 },
    reposts: { from: ['social'], share: 0.12 },
    traditionalShare: 0.1,
    fullWidthShare: 0.1,
  },
  social: {
    id: 'social',
    title: '微言江西（演示）',
    outlet: '微言江西',
    description: '社交平台帖文。Huiying 内置演示数据，全部内容为合成。',
    intervalSeconds: 22,
    style: 'social',
    mix: { official: 0, local: 0, social: 1 },
    reposts: { from: ['official', 'legal-daily', 'city-portal'], share: 0.2 },
    traditionalShare: 0.15,
    fullWidthShare: 0.2,
  },
};

export const DEFAULT_DEMO_SEED = 'huiying-demo';

/** 2025-01-01 00:00 China time: item 0 of every feed is published shortly after. */
const EPOCH_SECONDS = Date.parse('2025-01-01T00:00:00+08:00') / 1000;
const JITTER_SHARE = 0.4;
const MAX_BODY = 400;
const MIN_BODY = 100;

export interface DemoItem {
  /** Stable across fetches and restarts: `<feed>-<index>`. */
  id: string;
  feedId: DemoFeedId;
  index: number;
  title: string;
  /** A sentence or two, plain text. */
  summary: string;
  /** Plain text, paragraphs separated by `\n`; 100–400 characters. */
  body: string;
  paragraphs: string[];
  author: string;
  publishedAt: Date;
  category: DemoCategory;
  topic: DemoTopic;
  tone: DemoTone;
  script: 'simplified' | 'traditional';
  /** True when ASCII letters and digits were written full-width (ＡＢＣ１２３). */
  fullWidth: boolean;
  /** Shared by an original and all its reposts. */
  storyId: string;
  /** Id of the item this one reposts, or null for an original. */
  repostOf: string | null;
}

// ---------------------------------------------------------------------------------------------------
// Time.

/** Calendar fields of an instant in China Standard Time (UTC+8, no daylight saving). */
export function chinaTime(at: Date): { year: number; month: number; day: number; hour: number; minute: number; second: number; weekday: number } {
  const shifted = new Date(at.getTime() + 8 * 3600_000);
  return {
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
    hour: shifted.getUTCHours(),
    minute: shifted.getUTCMinutes(),
    second: shifted.getUTCSeconds(),
    weekday: shifted.getUTCDay(),
  };
}

function feedOffsetSeconds(feed: DemoFeed, seed: string): number {
  return Math.floor(rngFor(seed, feed.id, 'offset')() * feed.intervalSeconds);
}

/** The instant item `index` of a feed is published. */
export function publishedAtIndex(feedId: DemoFeedId, index: number, seed = DEFAULT_DEMO_SEED): Date {
  const feed = demoFeeds[feedId];
  const jitter = Math.floor(rngFor(seed, feedId, index, 'time')() * feed.intervalSeconds * JITTER_SHARE);
  const seconds = EPOCH_SECONDS + feedOffsetSeconds(feed, seed) + index * feed.intervalSeconds + jitter;
  return new Date(seconds * 1000);
}

/** Index of the newest item of a feed published at or before `now`; -1 before the first. */
export function latestIndexAt(feedId: DemoFeedId, now: Date, seed = DEFAULT_DEMO_SEED): number {
  const feed = demoFeeds[feedId];
  const elapsed = Math.floor(now.getTime() / 1000) - EPOCH_SECONDS - feedOffsetSeconds(feed, seed);
  let index = Math.floor(elapsed / feed.intervalSeconds);
  if (index < 0) return -1;
  if (publishedAtIndex(feedId, index, seed).getTime() > now.getTime()) index -= 1;
  return index;
}

/** The items of a feed published up to `now`, newest first, at most `count`. */
export function itemsAt(feedId: DemoFeedId, now: Date, count: number, seed = DEFAULT_DEMO_SEED, incidents?: DemoIncidents): DemoItem[] {
  const items: DemoItem[] = [];
  for (let index = latestIndexAt(feedId, now, seed); index >= 0 && items.length < count; index--) {
    items.push(demoItem(feedId, index, seed, incidents));
  }
  return items;
}

/** The item `index` of a feed when it is published by `now`, else null (the future is not served). */
export function publishedItem(feedId: DemoFeedId, index: number, now: Date, seed = DEFAULT_DEMO_SEED, incidents?: DemoIncidents): DemoItem | null {
  if (!Number.isSafeInteger(index) || index < 0 || index > latestIndexAt(feedId, now, seed)) return null;
  return demoItem(feedId, index, seed, incidents);
}

// ---------------------------------------------------------------------------------------------------
// Incidents: scheduled surges, so the board's spike warnings (专题预警) can be seen in the demo.

/**
 * A schedule of incidents: from `firstAt`, every `everyMs`, for `durationMs`, most posts on the
 * social feeds are about one event (a new one each time). Outside the windows the feeds are as usual.
 */
export interface DemoIncidents {
  firstAt: number;
  everyMs: number;
  durationMs: number;
}

/**
 * The demo's incidents for a start at `now`: the first at the next ten-minute boundary at least five
 * minutes away (a spike-detection bucket after live collection has begun), then every six hours.
 */
export function demoIncidentsFrom(now: Date): DemoIncidents {
  const bucket = 10 * 60_000;
  return { firstAt: Math.ceil((now.getTime() + 5 * 60_000) / bucket) * bucket, everyMs: 6 * 3600_000, durationMs: bucket };
}

/** Share of the social feeds' posts inside an incident window that are about the incident. */
const INCIDENT_SHARE = 0.75;

/** The number of the incident under way at `at` (0 for the first), or null when none is. */
export function incidentAt(incidents: DemoIncidents | undefined, at: Date): number | null {
  if (!incidents) return null;
  const since = at.getTime() - incidents.firstAt;
  if (since < 0) return null;
  const k = Math.floor(since / incidents.everyMs);
  return since - k * incidents.everyMs < incidents.durationMs ? k : null;
}

// ---------------------------------------------------------------------------------------------------
// Slots and composition.

/** The values a template's `{slot}` placeholders are filled with. */
export interface StorySlots {
  city: string;
  cityShort: string;
  county: string;
  town: string;
  /** A day as people say it: 今天, 昨天, 周三. */
  when: string;
  date: string;
  period: string;
  quarter: string;
  year: string;
  n: string;
  n2: string;
  n3: string;
  n4: string;
  /** Second numbers of the same size, for sentences that carry two. */
  n2b: string;
  n3b: string;
  n4b: string;
  pct: string;
  share: string;
  money: string;
  bigMoney: string;
  age: string;
  hours: string;
  waitBefore: string;
  waitAfter: string;
  months: string;
  fee: string;
  worker: string;
  lawyer: string;
}

function personName(rng: Rng): string {
  return pick(rng, surnames) + pick(rng, givenNames);
}

/** Draws every slot for one story; `at` supplies the dates the text mentions. */
export function drawSlots(rng: Rng, at: Date, template: Pick<StoryTemplate, 'city' | 'counties'>): StorySlots {
  const city = (template.city && cities.find((c) => c.name === template.city)) || pick(rng, cities);
  const county = pick(rng, template.counties ?? city.counties);
  // The event usually happened on the publication day, sometimes the day before.
  const eventDay = chinaTime(new Date(at.getTime() - (rng() < 0.3 ? 86_400_000 : 0)));
  const { year, month } = chinaTime(at);
  const quarter = ['一季度', '二季度', '三季度', '四季度'][Math.floor((month - 1) / 3)] ?? '一季度';
  return {
    city: city.name,
    cityShort: city.short,
    county,
    town: pick(rng, towns),
    when: pick(rng, ['今天', '今天', '昨天', '前天', '周一', '周三', '周五']),
    date: `${eventDay.month}月${eventDay.day}日`,
    // Early in the year the running totals are last year's.
    period: month <= 2 ? '去年' : pick(rng, ['今年以来', `${year}年以来`, '今年以来']),
    quarter,
    year: String(year),
    n: String(intBetween(rng, 2, 9)),
    n2: String(intBetween(rng, 12, 98)),
    n3: String(intBetween(rng, 105, 980)),
    n4: String(intBetween(rng, 1020, 9860)),
    n2b: String(intBetween(rng, 12, 98)),
    n3b: String(intBetween(rng, 105, 980)),
    n4b: String(intBetween(rng, 1020, 9860)),
    pct: (intBetween(rng, 880, 996) / 10).toFixed(1),
    share: String(intBetween(rng, 12, 42)),
    money: (intBetween(rng, 12, 960) / 10).toFixed(1),
    bigMoney: String(intBetween(rng, 120, 960)),
    age: String(intBetween(rng, 78, 96)),
    hours: String(intBetween(rng, 2, 5)),
    waitBefore: String(intBetween(rng, 45, 95)),
    waitAfter: String(intBetween(rng, 10, 20)),
    months: String(intBetween(rng, 3, 11)),
    fee: String(intBetween(rng, 6, 60) * 500),
    worker: personName(rng),
    lawyer: `${pick(rng, surnames)}律师`,
  };
}

/** A story before a feed dresses it: title, sentences and what it is about. */
export interface StoryDraft {
  templateKey: string;
  topic: DemoTopic;
  tone: DemoTone;
  title: string;
  lead: string;
  details: string[];
  closing: string;
  slots: StorySlots;
}

const textLength = (parts: string[]) => parts.reduce((sum, p) => sum + p.length, 0);

/**
 * Composes a story from a template: a lead, details in template order until the target length is
 * reached, and a closing. `reserve` keeps room for a byline the feed adds. Stories about one event
 * share their `slots`.
 */
export function composeStory(
  template: StoryTemplate,
  rng: Rng,
  at: Date,
  length: { min: number; target: number; max: number; reserve: number },
  slots = drawSlots(rng, at, template),
): StoryDraft {
  const leadIndex = Math.floor(rng() * template.leads.length);
  // Paired templates tell different angles: the title must match the lead.
  const titleIndex = template.paired ? leadIndex % template.titles.length : Math.floor(rng() * template.titles.length);
  const lead = fillSlots(template.leads[leadIndex] ?? '', slots);
  const closing = fillSlots(pick(rng, template.closings), slots);
  const filled = template.details.map((d) => fillSlots(d, slots));
  // Fisher–Yates shuffle of the detail indices, then keep template order among the chosen ones.
  const order = filled.map((_, i) => i);
  for (let i = order.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [order[i], order[j]] = [order[j] as number, order[i] as number];
  }
  const chosen: number[] = [];
  let current = lead.length + closing.length + length.reserve;
  for (const i of order) {
    if (current >= length.target && current >= length.min) break;
    const detail = filled[i] ?? '';
    if (current + detail.length > length.max) continue;
    chosen.push(i);
    current += detail.length;
  }
  chosen.sort((a, b) => a - b);
  return {
    templateKey: template.key,
    topic: template.topic,
    tone: template.tone,
    title: fillSlots(template.titles[titleIndex] ?? '', slots),
    lead,
    details: chosen.map((i) => filled[i] ?? ''),
    closing,
    slots,
  };
}

// ---------------------------------------------------------------------------------------------------
// Scripts: Traditional (OpenCC, character level) and full-width forms.

let toHongKong: ((text: string) => string) | null = null;
let toTaiwan: ((text: string) => string) | null = null;

/** Converts Simplified text to Traditional, in Hong Kong or Taiwan character forms. */
export function toTraditional(text: string, variant: 'hk' | 'tw'): string {
  // Character-level presets only: the phrase-level 'twp' would also rewrite mainland terms
  // (社区 → 社群), which is not what a Taiwanese netizen writing about 社区矫正 does.
  if (variant === 'hk') return (toHongKong ??= OpenCC.Converter({ from: 'cn', to: 'hk' }))(text);
  return (toTaiwan ??= OpenCC.Converter({ from: 'cn', to: 'tw' }))(text);
}

/** Writes ASCII letters, digits and signs in their full-width forms (Ａ１％), spaces as U+3000. */
export function toFullWidth(text: string): string {
  return text.replace(/[!-~ ]/g, (ch) => (ch === ' ' ? '\u3000' : String.fromCharCode(ch.charCodeAt(0) + 0xfee0)));
}

// ---------------------------------------------------------------------------------------------------
// Items.

const templatesByCategory: Record<DemoCategory, StoryTemplate[]> = {
  official: officialTemplates,
  local: [...officialTemplates.filter((t) => /\{county\}|\{city\}/.test(t.titles.join(''))), ...localLifeTemplates],
  social: socialTemplates,
};

/** How often each tone appears: most items are routine, a few are alarms. */
const toneWeights: Record<DemoCategory, Record<DemoTone, number>> = {
  official: { routine: 0.5, positive: 0.42, negative: 0.08, urgent: 0 },
  local: { routine: 0.5, positive: 0.44, negative: 0.06, urgent: 0 },
  social: { routine: 0.42, positive: 0.26, negative: 0.22, urgent: 0.1 },
};

/** Picks a template of a category: first a tone by its weight, then a template of that tone. */
function pickTemplate(rng: Rng, category: DemoCategory, pool = templatesByCategory[category]): StoryTemplate {
  const present = { ...toneWeights[category] };
  for (const tone of Object.keys(present) as DemoTone[]) {
    if (!pool.some((t) => t.tone === tone)) present[tone] = 0;
  }
  const tone = pickWeighted(rng, present);
  return pick(
    rng,
    pool.filter((t) => t.tone === tone),
  );
}

function summarise(body: string, style: DemoFeed['style']): string {
  const flat = body.replace(/\n/g, '');
  if (style === 'news') {
    const end = flat.indexOf('。');
    const first = end > 0 ? flat.slice(0, end + 1) : flat;
    return first.length <= 110 ? first : `${first.slice(0, 100)}…`;
  }
  return flat.length <= 70 ? flat : `${flat.slice(0, 60)}…`;
}

function byline(feed: DemoFeed, rng: Rng, slots: StorySlots): { line: string; author: string } {
  const reporter = personName(rng);
  switch (feed.id) {
    case 'official': {
      const correspondent = personName(rng);
      return { line: `（记者 ${reporter} 通讯员 ${correspondent}）`, author: reporter };
    }
    case 'legal-daily':
      return { line: `（本报记者 ${reporter}）`, author: `本报记者 ${reporter}` };
    case 'city-portal':
      return { line: `来源：${feed.outlet}　编辑：${reporter}`, author: reporter };
    default:
      return { line: `（${slots.county}融媒体中心 ${reporter}）`, author: reporter };
  }
}

function socialAuthor(feed: DemoFeed, rng: Rng, script: 'simplified' | 'hk' | 'tw'): string {
  if (script === 'hk') return pick(rng, hongKongScreenNames);
  if (script === 'tw') return pick(rng, taiwanScreenNames);
  if (feed.id === 'self-media') return pick(rng, selfMediaAccounts);
  const name = pick(rng, screenNamePrefixes) + pick(rng, screenNameSuffixes);
  return rng() < 0.3 ? `${name}_${intBetween(rng, 1970, 2005)}` : name;
}

/** A news item's paragraphs; `quote` (voices.ts) follows the closing, so no rule's NEAR span grows. */
function newsParagraphs(draft: StoryDraft, line: string, quote = ''): string[] {
  const [first, ...rest] = draft.details;
  const paragraphs = [draft.lead + (first ?? '')];
  for (let i = 0; i < rest.length; i += 2) paragraphs.push(rest.slice(i, i + 2).join(''));
  paragraphs.push(draft.closing, quote, line);
  return paragraphs.filter((p) => p.length > 0);
}

/** The touches a post on the social platform carries: an emoticon, a hashtag. */
function drawPostExtras(rng: Rng, template: StoryTemplate, feed: DemoFeed): { head: string; tail: string } {
  if (feed.id === 'self-media') return { head: '', tail: '' };
  const emoticon = feed.id === 'social' ? pick(rng, postEmoticons[template.tone]) : '';
  const hashtag = feed.id === 'social' ? pick(rng, template.hashtags ?? postHashtags[template.topic]) : '';
  const tagFirst = rng() < 0.5;
  return {
    head: hashtag && tagFirst ? `${hashtag} ` : '',
    tail: emoticon + (hashtag && !tagFirst ? ` ${hashtag}` : ''),
  };
}

/** A post in one paragraph; its own `voice` (voices.ts) opens and closes it, around the template's text. */
function socialParagraphs(draft: StoryDraft, extras = { head: '', tail: '' }, voice = { opener: '', aside: '' }): string[] {
  return [[extras.head, voice.opener, draft.lead, ...draft.details, draft.closing, voice.aside, extras.tail].join('')];
}

function dress(
  item: Omit<DemoItem, 'summary' | 'body' | 'script' | 'fullWidth'>,
  feed: DemoFeed,
  variant: 'simplified' | 'hk' | 'tw',
  fullWidth: boolean,
): DemoItem {
  let title = item.title;
  let paragraphs = item.paragraphs;
  if (variant !== 'simplified') {
    title = toTraditional(title, variant);
    paragraphs = paragraphs.map((p) => toTraditional(p, variant));
  }
  if (fullWidth) {
    title = toFullWidth(title);
    paragraphs = paragraphs.map(toFullWidth);
  }
  const body = paragraphs.join('\n');
  return {
    ...item,
    title,
    paragraphs,
    body,
    summary: summarise(body, feed.style),
    script: variant === 'simplified' ? 'simplified' : 'traditional',
    fullWidth,
  };
}

/** Item `index` of a feed (whether or not it is published yet). */
export function demoItem(feedId: DemoFeedId, index: number, seed = DEFAULT_DEMO_SEED, incidents?: DemoIncidents): DemoItem {
  const feed = demoFeeds[feedId];
  const rng = rngFor(seed, feedId, index);
  const publishedAt = publishedAtIndex(feedId, index, seed);
  const id = `${feedId}-${index}`;

  // Incident posts draw from their own stream, so the schedule leaves every other item as it was.
  const incident = feed.style === 'social' ? incidentAt(incidents, publishedAt) : null;
  if (incident !== null) {
    const incidentRng = rngFor(seed, feedId, index, 'incident');
    if (incidentRng() < INCIDENT_SHARE) return incidentPost(feed, id, index, publishedAt, incident, incidents!, seed, incidentRng);
  }

  const traditional = rng() < feed.traditionalShare;
  const fullWidth = !traditional && rng() < feed.fullWidthShare;

  if (feed.reposts.share > 0 && rng() < feed.reposts.share) {
    const from = pick(rng, feed.reposts.from);
    const originalIndex = latestIndexAt(from, publishedAt, seed) - intBetween(rng, 0, 2);
    if (originalIndex >= 0) {
      const original = demoItem(from, originalIndex, seed, incidents);
      const variant = traditional ? pick(rng, ['hk', 'tw'] as const) : 'simplified';
      return dress(repostOf(original, feed, id, index, publishedAt, rng, variant), feed, variant, fullWidth);
    }
  }

  const category = pickWeighted(rng, feed.mix);
  let variant: 'simplified' | 'hk' | 'tw' = 'simplified';
  let template: StoryTemplate;
  if (traditional) {
    // Most Hong Kong and Taiwan accounts write in their own voice; some post on the common topics.
    template = rng() < 0.7 ? pickTemplate(rng, 'social', traditionalVoiceTemplates) : pickTemplate(rng, category);
    if (template.key.startsWith('social/hk')) variant = 'hk';
    else if (template.key.startsWith('social/tw')) variant = 'tw';
    else variant = pick(rng, ['hk', 'tw'] as const);
  } else {
    template = pickTemplate(rng, category);
  }

  // The item's own sentence (voices.ts) draws from its own stream, like the byline.
  const voiceRng = rngFor(seed, feedId, index, 'voice');
  if (feed.style === 'news') {
    const bylineRng = rngFor(seed, feedId, index, 'byline');
    // Two people quoted: one quote is too little of a 300-character report to tell two apart.
    const quote = newsVoice(voiceRng, template.tone, personName(voiceRng)) + newsVoice(voiceRng, template.tone, personName(voiceRng));
    const draft = composeStory(template, rng, publishedAt, {
      min: MIN_BODY,
      target: intBetween(rng, 160, 380),
      max: MAX_BODY,
      reserve: 24 + quote.length,
    });
    const { line, author } = byline(feed, bylineRng, draft.slots);
    return dress(
      {
        id,
        feedId,
        index,
        title: draft.title,
        paragraphs: newsParagraphs(draft, line, quote),
        author,
        publishedAt,
        category,
        topic: draft.topic,
        tone: draft.tone,
        storyId: id,
        repostOf: null,
      },
      feed,
      variant,
      fullWidth,
    );
  }

  const extras = drawPostExtras(rng, template, feed);
  // Drawn before composing (as composeStory would draw them first), so the voice can name the place.
  const slots = drawSlots(rng, publishedAt, template);
  // Hong Kong and Taiwan writers keep their own opening; self-media quote someone, as news does.
  const voice =
    category === 'social' || traditional
      ? postVoice(voiceRng, template.tone, slots, !traditionalVoiceTemplates.includes(template))
      : { opener: '', aside: newsVoice(voiceRng, template.tone, personName(voiceRng)) };
  const draft = composeStory(
    template,
    rng,
    publishedAt,
    {
      min: MIN_BODY,
      target: intBetween(rng, 110, 300),
      max: MAX_BODY,
      reserve: extras.head.length + extras.tail.length + voice.opener.length + voice.aside.length,
    },
    slots,
  );
  return dress(
    {
      id,
      feedId,
      index,
      title: draft.title,
      paragraphs: socialParagraphs(draft, extras, voice),
      author: socialAuthor(feed, rng, variant),
      publishedAt,
      category: traditional ? 'social' : category,
      topic: draft.topic,
      tone: draft.tone,
      storyId: id,
      repostOf: null,
    },
    feed,
    variant,
    fullWidth,
  );
}

/**
 * A post about incident `k`: everyone writes about the same event (one place, one date, drawn per
 * incident) in their own words (drawn per post).
 */
function incidentPost(feed: DemoFeed, id: string, index: number, publishedAt: Date, k: number, incidents: DemoIncidents, seed: string, rng: Rng): DemoItem {
  const template = incidentTemplates[k % incidentTemplates.length]!;
  const slots = drawSlots(rngFor(seed, 'incident', k), new Date(incidents.firstAt + k * incidents.everyMs), template);
  const extras = drawPostExtras(rng, template, feed);
  const draft = composeStory(template, rng, publishedAt, { min: MIN_BODY, target: intBetween(rng, 110, 260), max: MAX_BODY, reserve: extras.head.length + extras.tail.length }, slots);
  return dress(
    {
      id,
      feedId: feed.id,
      index,
      title: draft.title,
      paragraphs: socialParagraphs(draft, extras),
      author: socialAuthor(feed, rng, 'simplified'),
      publishedAt,
      category: 'social',
      topic: draft.topic,
      tone: draft.tone,
      storyId: `incident-${k}`,
      repostOf: null,
    },
    feed,
    'simplified',
    false,
  );
}

/**
 * A repost of `original` on `feed`: news sites republish with their own attribution and sometimes a
 * sentence less; social accounts forward with "转发：" and a short remark. Enough text stays the same
 * for near-duplicate grouping to recognise the story.
 */
function repostOf(
  original: DemoItem,
  feed: DemoFeed,
  id: string,
  index: number,
  publishedAt: Date,
  rng: Rng,
  variant: 'simplified' | 'hk' | 'tw',
): Omit<DemoItem, 'summary' | 'body' | 'script' | 'fullWidth'> {
  const source = demoFeeds[original.feedId];
  const attribution = source.style === 'news' ? source.outlet : `@${original.author}`;
  const base = {
    id,
    feedId: feed.id,
    index,
    publishedAt,
    category: original.category,
    topic: original.topic,
    tone: original.tone,
    storyId: original.storyId,
    repostOf: original.id,
  };
  // The original's own byline is the last paragraph of a news item; a repost drops it.
  const text = source.style === 'news' ? original.paragraphs.slice(0, -1) : original.paragraphs;

  if (feed.style === 'news') {
    // Portals often republish verbatim, byline included; others credit the source instead of the
    // reporter, and some also blur the exact date of the event.
    const mode = pickWeighted(rng, { verbatim: 0.4, credited: 0.4, edited: 0.2 });
    if (mode === 'verbatim') return { ...base, title: original.title, paragraphs: original.paragraphs, author: original.author };
    const paragraphs = [...text];
    const first = paragraphs[0];
    if (first !== undefined && mode === 'edited') paragraphs[0] = first.replace(/^\d{1,2}月\d{1,2}日，/, '近日，');
    paragraphs.push(`（来源：${attribution}）`);
    const title = feed.id === 'county-site' && mode === 'edited' ? `【转载】${original.title}` : original.title;
    return { ...base, title, paragraphs, author: feed.outlet };
  }

  // A forward quotes the whole text; the remark and the attribution go first when space runs out.
  const prefix = feed.id === 'self-media' ? pick(rng, ['转发：', '转载｜', '【转】']) : '转发：';
  const quoted = text.join('');
  const headline = source.style === 'news' ? `【${original.title}】` : '';
  let comment = rng() < 0.2 ? pick(rng, repostComments) : '';
  let tail = rng() < 0.5 ? `（来源：${attribution}）` : '';
  const size = () => comment.length + prefix.length + headline.length + quoted.length + tail.length;
  if (size() > MAX_BODY) comment = '';
  if (size() > MAX_BODY) tail = '';
  let body = comment + prefix + headline + quoted;
  if (body.length + tail.length > MAX_BODY) {
    const cut = body.lastIndexOf('。', MAX_BODY - 1);
    body = body.slice(0, cut > MIN_BODY ? cut + 1 : MAX_BODY);
  }
  return {
    ...base,
    title: `${prefix}${original.title}`,
    paragraphs: [body + tail],
    author: socialAuthor(feed, rng, variant),
  };
}

/** The id of a social item as the platform would show it (a 16-digit "mid"). */
export function socialMid(index: number): string {
  return `49${String(index).padStart(14, '0')}`;
}

/** The index a social mid stands for, or null when it is not one of ours. */
export function indexFromMid(mid: string): number | null {
  if (!/^49\d{14}$/.test(mid)) return null;
  return Number(mid.slice(2));
}

// ---------------------------------------------------------------------------------------------------
// Stand-alone stories for the collection benchmark.

/**
 * A synthetic story with no feed timing, for benchmark feeds: about `targetLength` characters. Our
 * templates run to ~200 characters, so a longer story continues with a related one of the same
 * category, as a roundup article would.
 */
export function benchmarkStory(
  seed: string,
  key: string,
  at: Date,
  targetLength = 300,
): { title: string; body: string; paragraphs: string[]; author: string; topic: DemoTopic; tone: DemoTone } {
  const rng = rngFor(seed, 'bench', key);
  const category = pickWeighted(rng, { official: 0.55, local: 0.3, social: 0.15 });
  const lengths = { min: 0, target: targetLength, max: targetLength + 80, reserve: 0 };
  const draft = composeStory(pickTemplate(rng, category), rng, at, lengths);
  const paragraphs = category === 'social' ? socialParagraphs(draft) : newsParagraphs(draft, '');
  for (let extra = 0; textLength(paragraphs) < targetLength - 30 && extra < 4; extra++) {
    const more = composeStory(pickTemplate(rng, category), rng, at, { ...lengths, target: targetLength - textLength(paragraphs) });
    paragraphs.push([more.lead, ...more.details].join(''));
  }
  const last = paragraphs.length - 1;
  const overflow = textLength(paragraphs) - (targetLength + 80);
  if (overflow > 0 && last > 0) {
    const tail = paragraphs[last] ?? '';
    const cut = tail.lastIndexOf('。', tail.length - overflow - 1);
    paragraphs[last] = cut > 0 ? tail.slice(0, cut + 1) : tail.slice(0, Math.max(20, tail.length - overflow));
  }
  const joined = category === 'social' ? [paragraphs.join('')] : paragraphs;
  const author = category === 'social' ? pick(rng, screenNamePrefixes) + pick(rng, screenNameSuffixes) : personName(rng);
  return { title: draft.title, body: joined.join('\n'), paragraphs: joined, author, topic: draft.topic, tone: draft.tone };
}
