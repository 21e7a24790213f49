import * as OpenCC from 'opencc-js/t2cn';
import { describe, expect, it } from 'vitest';
import {
  composeStory,
  demoFeedIds,
  demoFeeds,
  demoItem,
  incidentAt,
  itemsAt,
  latestIndexAt,
  publishedAtIndex,
  publishedItem,
  rngFor,
  toFullWidth,
  toTraditional,
  type DemoFeedId,
  type DemoItem,
} from './content.ts';
import { StoryIndex } from '../mentions/stories.ts';
import { loadRulePack, parseQuery, RuleEngine, STARTER_PACK_FILE } from '../rules/index.ts';
import type { QueryNode } from '../rules/query.ts';
import { normalizeForMatching } from '../text/normalize.ts';
import { segment } from '../text/segment.ts';
import { fingerprintText, simhash } from '../text/simhash.ts';
import { contentWords } from '../text/stopwords.ts';
import { allVoiceSentences } from './voices.ts';
import { incidentTemplates, localLifeTemplates, officialTemplates, socialTemplates, traditionalVoiceTemplates } from './story-templates.ts';

const now = new Date('2026-03-10T10:00:00+08:00');

function lastItems(feedId: DemoFeedId, count: number): DemoItem[] {
  return itemsAt(feedId, now, count);
}

/** Share of character bigrams of `a` that also occur in `b`. */
function bigramOverlap(a: string, b: string): number {
  const grams = (s: string) => {
    const set = new Set<string>();
    for (let i = 0; i < s.length - 1; i++) set.add(s.slice(i, i + 2));
    return set;
  };
  const ga = grams(a);
  const gb = grams(b);
  let shared = 0;
  for (const g of ga) if (gb.has(g)) shared++;
  return shared / ga.size;
}

const toSimplified = OpenCC.Converter({ from: 'hk', to: 'cn' });

describe('publication times', () => {
  it('publishes one item per feed every 20–40 seconds on average, in order', () => {
    for (const feedId of demoFeedIds) {
      const last = latestIndexAt(feedId, now);
      const times = Array.from({ length: 200 }, (_, k) => publishedAtIndex(feedId, last - 199 + k).getTime());
      const gaps = times.slice(1).map((t, i) => (t - (times[i] as number)) / 1000);
      expect(Math.min(...gaps)).toBeGreaterThan(0);
      const mean = gaps.reduce((a, b) => a + b, 0) / gaps.length;
      expect(mean).toBeGreaterThanOrEqual(20);
      expect(mean).toBeLessThanOrEqual(40);
    }
  });

  it('returns only items published up to now, newest first', () => {
    for (const feedId of demoFeedIds) {
      const items = lastItems(feedId, 25);
      expect(items).toHaveLength(25);
      for (const [i, item] of items.entries()) {
        expect(item.publishedAt.getTime()).toBeLessThanOrEqual(now.getTime());
        if (i > 0) expect(item.publishedAt.getTime()).toBeLessThan((items[i - 1] as DemoItem).publishedAt.getTime());
      }
      // The next item is not out yet.
      expect(publishedAtIndex(feedId, (items[0] as DemoItem).index + 1).getTime()).toBeGreaterThan(now.getTime());
      expect(publishedItem(feedId, (items[0] as DemoItem).index + 1, now)).toBeNull();
    }
  });

  it('gives the same items for the same time and seed, and other items for another seed', () => {
    const a = itemsAt('social', now, 10);
    const b = itemsAt('social', new Date(now), 10);
    expect(b).toEqual(a);
    const other = itemsAt('social', now, 10, 'another-seed');
    expect(other.map((i) => i.body)).not.toEqual(a.map((i) => i.body));
  });

  it('shows new items as time passes while keeping the old ones', () => {
    const before = itemsAt('official', now, 20);
    const after = itemsAt('official', new Date(now.getTime() + 5 * 60_000), 20);
    const beforeIds = new Set(before.map((i) => i.id));
    const fresh = after.filter((i) => !beforeIds.has(i.id));
    expect(fresh.length).toBeGreaterThanOrEqual(5);
    // Items still in the window are unchanged.
    for (const item of after.filter((i) => beforeIds.has(i.id))) {
      expect(item).toEqual(before.find((b) => b.id === item.id));
    }
  });

  it('has no items before the epoch', () => {
    expect(itemsAt('official', new Date('2020-01-01T00:00:00Z'), 5)).toEqual([]);
  });
});

describe('item text', () => {
  const sample = demoFeedIds.flatMap((feedId) => lastItems(feedId, 600));

  it('keeps every body between 100 and 400 characters, with a title, summary and author', () => {
    for (const item of sample) {
      expect(item.body.length, item.id).toBeGreaterThanOrEqual(100);
      expect(item.body.length, item.id).toBeLessThanOrEqual(400);
      expect(item.title.length).toBeGreaterThan(4);
      expect(item.summary.length).toBeGreaterThan(10);
      expect(item.author.length).toBeGreaterThan(1);
      expect(item.body).not.toMatch(/[{}]|undefined|NaN/);
    }
  });

  it('fills every slot of every template', () => {
    const templates = [...officialTemplates, ...localLifeTemplates, ...socialTemplates, ...traditionalVoiceTemplates, ...incidentTemplates];
    for (const template of templates) {
      for (let k = 0; k < 20; k++) {
        const draft = composeStory(template, rngFor('slots', template.key, k), now, { min: 0, target: 10_000, max: 10_000, reserve: 0 });
        const text = [draft.title, draft.lead, ...draft.details, draft.closing].join('');
        expect(text, template.key).not.toMatch(/[{}]/);
      }
      // Every detail is reachable when the target is long enough.
      const full = composeStory(template, rngFor('full', template.key), now, { min: 0, target: 10_000, max: 10_000, reserve: 0 });
      expect(full.details).toHaveLength(template.details.length);
    }
  });

  it('produces thousands of distinct items per feed', () => {
    for (const feedId of demoFeedIds) {
      const items = itemsAt(feedId, now, 2000);
      const distinct = new Set(items.map((i) => i.body));
      expect(distinct.size / items.length, feedId).toBeGreaterThan(0.8);
    }
  });

  it('has stable ids of the form feed-index', () => {
    for (const item of sample) expect(item.id).toBe(`${item.feedId}-${item.index}`);
    expect(new Set(sample.map((i) => i.id)).size).toBe(sample.length);
  });

  it('mentions Jiangxi cities and justice topics', () => {
    const text = sample.map((i) => i.body).join('');
    for (const city of ['南昌', '九江', '赣州', '吉安', '宜春', '抚州', '上饶', '景德镇', '萍乡', '新余', '鹰潭']) {
      expect(text).toContain(city);
    }
    for (const term of ['法律援助', '公证', '人民调解', '社区矫正', '监狱', '戒毒', '律师', '12348', '行政复议', '普法']) {
      expect(text).toContain(term);
    }
  });

  it('is mostly routine, with some negative and urgent social posts', () => {
    const social = [...lastItems('social', 600), ...lastItems('forum', 600)].filter((i) => !i.repostOf);
    const share = (tone: DemoItem['tone']) => social.filter((i) => i.tone === tone).length / social.length;
    expect(share('urgent')).toBeGreaterThan(0.03);
    expect(share('urgent')).toBeLessThan(0.2);
    expect(share('negative')).toBeGreaterThan(0.1);
    expect(share('routine') + share('positive')).toBeGreaterThan(0.55);
    const official = lastItems('official', 600);
    expect(official.filter((i) => i.tone === 'urgent')).toHaveLength(0);
  });
});

describe('scripts', () => {
  it('writes some social posts in Traditional Chinese that convert back to Simplified', () => {
    const traditional = [...lastItems('social', 300), ...lastItems('forum', 300)].filter((i) => i.script === 'traditional');
    expect(traditional.length).toBeGreaterThan(20);
    for (const item of traditional) {
      expect(toSimplified(item.body)).not.toBe(item.body);
    }
    // Hong Kong voice is really there.
    expect(traditional.some((i) => /喺|冇|唔/.test(i.body))).toBe(true);
  });

  it('converts at character level, keeping mainland terms', () => {
    expect(toTraditional('社区矫正对象', 'tw')).toBe('社區矯正對象');
    expect(toTraditional('公证处', 'hk')).toBe('公證處');
  });

  it('writes some items with full-width digits and letters', () => {
    expect(toFullWidth('12348 ABC%')).toBe('１２３４８\u3000ＡＢＣ％');
    const wide = [...lastItems('social', 300), ...lastItems('city-portal', 300)].filter((i) => i.fullWidth);
    expect(wide.length).toBeGreaterThan(20);
    for (const item of wide) expect(item.body + item.title).not.toMatch(/[0-9A-Za-z]/);
    expect(wide.some((i) => /[０-９]/.test(i.body))).toBe(true);
  });
});

describe('reposts', () => {
  it('repost earlier stories of other feeds with slightly altered text', () => {
    let checked = 0;
    const kinds = new Set<string>();
    for (const feedId of demoFeedIds) {
      for (const item of lastItems(feedId, 300)) {
        if (!item.repostOf) continue;
        const cut = item.repostOf.lastIndexOf('-');
        const original = demoItem(item.repostOf.slice(0, cut) as DemoFeedId, Number(item.repostOf.slice(cut + 1)));
        expect(original.feedId).not.toBe(item.feedId);
        expect(demoFeeds[item.feedId].reposts.from).toContain(original.feedId);
        expect(original.publishedAt.getTime()).toBeLessThanOrEqual(item.publishedAt.getTime());
        expect(item.storyId).toBe(original.storyId);
        expect(item.topic).toBe(original.topic);
        // Most of the original's wording survives (script and width aside).
        const plain = (s: string) => toSimplified(s).replace(/[\uff01-\uff5e]/g, (c: string) => String.fromCharCode(c.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
        expect(bigramOverlap(plain(original.paragraphs.slice(0, 2).join('')), plain(item.body)), item.id).toBeGreaterThan(0.6);
        if (item.title.startsWith('转发：')) kinds.add('forward');
        if (item.body.includes('（来源：')) kinds.add('credited');
        if (item.body === original.body) kinds.add('verbatim');
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(100);
    expect([...kinds].sort()).toEqual(['credited', 'forward', 'verbatim']);
  });

  it('makes social reposts of official news with the 转发 prefix', () => {
    const forwards = lastItems('social', 400).filter((i) => i.repostOf?.startsWith('official-'));
    expect(forwards.length).toBeGreaterThan(5);
    for (const item of forwards) expect(item.title).toMatch(/^(转发|轉發)：/);
  });
});

describe('incidents', () => {
  // Incident 0 starts at 10:20 and lasts ten minutes; the next is six hours later.
  const incidents = { firstAt: Date.parse('2026-03-10T10:20:00+08:00'), everyMs: 6 * 3600_000, durationMs: 10 * 60_000 };
  const starter = new RuleEngine(
    loadRulePack(STARTER_PACK_FILE).flatMap((topic) => topic.rules.map((rule) => ({ rule: { ...rule, topic: topic.key }, query: parseQuery(rule.query) }))),
  );
  const topicsOf = (item: DemoItem) =>
    new Set(starter.match({ title: normalizeForMatching(item.title), body: normalizeForMatching(item.body), source: '' }).map((m) => m.rule.topic));

  it('numbers the windows and leaves the time between them alone', () => {
    expect(incidentAt(undefined, new Date(incidents.firstAt))).toBeNull();
    expect(incidentAt(incidents, new Date(incidents.firstAt - 1))).toBeNull();
    expect(incidentAt(incidents, new Date(incidents.firstAt))).toBe(0);
    expect(incidentAt(incidents, new Date(incidents.firstAt + incidents.durationMs - 1))).toBe(0);
    expect(incidentAt(incidents, new Date(incidents.firstAt + incidents.durationMs))).toBeNull();
    expect(incidentAt(incidents, new Date(incidents.firstAt + incidents.everyMs + 1))).toBe(1);
  });

  it('fills the social feeds with posts about one event during a window, each matching a rule of its topic', () => {
    // The first two incidents: each template in turn.
    for (const [k, topic] of [
      [0, 'rehab'],
      [1, 'notary'],
    ] as const) {
      const end = new Date(incidents.firstAt + k * incidents.everyMs + 30 * 60_000);
      let inWindow = 0;
      const posts: DemoItem[] = [];
      for (const feedId of demoFeedIds) {
        for (const item of itemsAt(feedId, end, 150, undefined, incidents)) {
          const during = incidentAt(incidents, item.publishedAt) !== null;
          if (!during) {
            // Outside the window every item is the one the feed serves without incidents.
            expect(item, item.id).toEqual(demoItem(feedId, item.index));
            continue;
          }
          if (demoFeeds[feedId].style === 'social') inWindow++;
          if (item.storyId !== `incident-${k}`) continue;
          expect(demoFeeds[feedId].style, item.id).toBe('social');
          posts.push(item);
        }
      }
      // About three in four social posts of the window: forty or more in ten minutes.
      expect(posts.length).toBeGreaterThanOrEqual(40);
      expect(posts.length / inWindow).toBeGreaterThan(0.6);
      expect(new Set(posts.map((p) => p.body)).size).toBeGreaterThan(posts.length * 0.8);
      // One event: the same city wherever a post names one.
      const cities = new Set(posts.flatMap((p) => [...p.body.matchAll(/(南昌|九江|赣州|吉安|宜春|抚州|上饶|景德镇|萍乡|新余|鹰潭)/g)].map((m) => m[1])));
      expect(cities.size).toBe(1);
      for (const post of posts) {
        expect(post.topic).toBe(topic);
        expect(post.body.length).toBeGreaterThanOrEqual(100);
        expect(post.body.length).toBeLessThanOrEqual(400);
        const topics = topicsOf(post);
        expect(topics.has(topic), post.body).toBe(true);
        expect(topics.has('emergencies'), post.body).toBe(false);
      }
    }
  });

  it('makes every incident template match a starter rule of its topic in every lead', () => {
    for (const template of incidentTemplates) {
      for (let lead = 0; lead < template.leads.length; lead++) {
        const draft = composeStory({ ...template, leads: [template.leads[lead]!], details: [] }, rngFor('lead', lead), now, { min: 0, target: 0, max: 400, reserve: 0 });
        const item = { title: '', body: draft.lead } as DemoItem;
        expect(topicsOf(item).has(template.topic), draft.lead).toBe(true);
      }
    }
  });
});

describe('stories', () => {
  it('writes every report in its own words, so near-duplicate grouping keeps different reports apart', () => {
    // Six hours of every feed, grouped as collection does (the SimHash of normalizeItem, the story
    // whose leader is within 3 bits). Before items had a voice of their own (voices.ts), reports from one
    // template chained into stories of dozens: a mention's story held 9 mentions on average, and 30%
    // of mentions sat in stories of more than ten (now 1.7 and none).
    const end = new Date('2026-03-10T18:00:00+08:00');
    const items = demoFeedIds
      .flatMap((feedId) => itemsAt(feedId, end, 2000).filter((item) => item.publishedAt.getTime() > end.getTime() - 6 * 3600_000))
      .sort((a, b) => a.publishedAt.getTime() - b.publishedAt.getTime());
    const index = new StoryIndex();
    const storyOf = items.map((item, i) => {
      const hash = simhash(contentWords(segment(fingerprintText(normalizeForMatching(item.title), normalizeForMatching(item.body)))));
      const story = index.nearest(hash)?.storyId;
      if (story !== undefined) return story;
      index.add(i, hash); // a new story, found by its leader (planStories)
      return i;
    });
    const sizes = new Map<number, number>();
    for (const story of storyOf) sizes.set(story, (sizes.get(story) ?? 0) + 1);
    const seen = storyOf.map((story) => sizes.get(story)!);
    expect(items.length).toBeGreaterThan(4000);
    expect(seen.reduce((a, b) => a + b, 0) / seen.length).toBeLessThan(2.5);
    expect(seen.filter((n) => n > 10).length / seen.length).toBeLessThan(0.03);
    // Reposts still join their originals' stories (96%: forwards of 【headline】text and reprints
    // with another byline too, since fingerprintText).
    const position = new Map(items.map((item, i) => [item.id, i]));
    const reposts = items.filter((item) => item.repostOf && position.has(item.repostOf));
    const joined = reposts.filter((item) => storyOf[position.get(item.repostOf!)!] === storyOf[position.get(item.id)!]);
    expect(reposts.length).toBeGreaterThan(500);
    expect(joined.length / reposts.length).toBeGreaterThan(0.9);
  });

  it('gives items voices that contain no starter-rule term, so rule matches stay as the templates make them', () => {
    const terms = new Set<string>();
    const walk = (node: QueryNode): void => {
      if (node.type === 'term') terms.add(node.text);
      else if (node.type === 'not') walk(node.child);
      else if (node.type === 'near') [...node.left, ...node.right].forEach(walk);
      else node.children.forEach(walk);
    };
    for (const topic of loadRulePack(STARTER_PACK_FILE)) for (const rule of topic.rules) walk(parseQuery(rule.query).root);
    expect(terms.size).toBeGreaterThan(200);
    const sentences = allVoiceSentences();
    expect(sentences.length).toBeGreaterThan(100);
    for (const sentence of sentences) {
      const text = normalizeForMatching(sentence);
      expect([...terms].filter((term) => text.includes(term)), sentence).toEqual([]);
    }
  });

  it('quotes someone in news reports and lets posts speak for themselves, outside reposts and incidents', () => {
    const news = lastItems('official', 200).filter((item) => !item.repostOf);
    expect(news.every((item) => /(说：“|告诉记者。|表示，)/.test(item.paragraphs.at(-2) ?? ''))).toBe(true);
    const posts = lastItems('social', 300).filter((item) => !item.repostOf && item.script === 'simplified');
    const composed = posts.map((item) => item.body);
    // A post's own words open or close it: no two posts of a template read alike end to end.
    expect(new Set(composed).size).toBe(composed.length);
  });
});
