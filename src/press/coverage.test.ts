import { describe, expect, it } from 'vitest';
import { coverageFilter, coverageTerms, isCoverage, summarizeCoverage, type CoverageMention } from './coverage.ts';

describe('coverage terms', () => {
  it('uses the office’s keywords when given, normalised (any one marks coverage)', () => {
    const t = coverageTerms({ title: '全省法律援助工作新闻发布会', keywords: ['法律援助', '12348熱線', '法律援助'] });
    expect(t).toEqual({ terms: ['法律援助', '12348热线'], needed: 1, from: 'keywords' });
    expect(isCoverage(t, '省司法厅介绍12348热线建设')).toBe(true);
    expect(isCoverage(t, '今日天气晴')).toBe(false);
    expect(coverageFilter(t)).toEqual({ or: [{ term: '法律援助', fields: ['title', 'body'] }, { term: '12348热线', fields: ['title', 'body'] }] });
  });

  it('otherwise needs at least half of the title’s content words', () => {
    const t = coverageTerms({ title: '江西省司法厅召开社区矫正工作新闻发布会', keywords: [] });
    expect(t.from).toBe('title');
    expect(t.terms).toEqual(expect.arrayContaining(['社区矫正', '新闻发布会']));
    expect(t.needed).toBe(Math.max(2, Math.ceil(t.terms.length / 2)));
    expect(isCoverage(t, '江西省司法厅今天就社区矫正工作召开新闻发布会')).toBe(true);
    expect(isCoverage(t, '某地召开新闻发布会介绍旅游')).toBe(false);
  });
});

const m = (id: number, fields: Partial<CoverageMention>): CoverageMention => ({
  id,
  title: `报道${id}`,
  sourceName: '江西日报',
  url: `http://news.example.cn/${id}`,
  publishedAt: '2026-12-18T03:00:00.000Z',
  storyId: id,
  repostCount: 0,
  text: '',
  original: '',
  verdict: { flagged: false, level: null, sentiment: 'neutral' },
  sentimentScore: 0.5,
  ...fields,
});

describe('summarizeCoverage', () => {
  it('counts outlets, stories and their reposts once, the sentiment split, and the most negative items', () => {
    const s = summarizeCoverage([
      m(1, { sourceName: '江西日报', storyId: 10, repostCount: 3 }),
      m(2, { sourceName: '大江网', storyId: 10, repostCount: 3 }),
      m(3, { sourceName: '大江网', storyId: 11, repostCount: 0, verdict: { flagged: true, level: 'yellow', sentiment: 'negative' }, sentimentScore: 0.9 }),
      m(4, { sourceName: '赣鄱论坛', storyId: 12, verdict: { flagged: false, level: null, sentiment: 'negative' }, sentimentScore: 0.7 }),
      m(5, { sourceName: '赣鄱论坛', storyId: 13, verdict: null, sentimentScore: null }),
      m(6, { sourceName: '赣鄱论坛', storyId: 14, verdict: { flagged: false, level: null, sentiment: 'positive' } }),
    ]);
    expect(s).toMatchObject({ mentions: 6, stories: 5, reposts: 3 });
    expect(s.outlets).toEqual([{ name: '赣鄱论坛', mentions: 3 }, { name: '大江网', mentions: 2 }, { name: '江西日报', mentions: 1 }]);
    expect(s.sentiment).toEqual({ negative: 2, neutral: 2, positive: 1, unclassified: 1 });
    expect(s.mostNegative.map((n) => n.id)).toEqual([3, 4]);
    expect(s.flagged).toEqual([{ id: 3, title: '报道3', level: 'yellow' }]);
  });

  it('collects the questions raised, and marks those from flagged or negative mentions as needing an answer', () => {
    const s = summarizeCoverage([
      m(1, { original: '发布会介绍了法律援助。法律援助申请要多久才能批下来？还有别的吗' }),
      m(2, { original: '网友追问：法律援助申请要多久才能批下来？', verdict: { flagged: true, level: 'orange', sentiment: 'negative' } }),
      m(3, { original: '为什么律师收费这么高?' }),
      m(4, { original: '好？' }),
    ]);
    expect(s.questions).toEqual([
      { text: '法律援助申请要多久才能批下来？', mentions: 2 },
      { text: '为什么律师收费这么高?', mentions: 1 },
    ]);
    expect(s.sensitiveQuestions).toEqual([{ text: '法律援助申请要多久才能批下来？', mentions: 2, level: 'orange' }]);
  });

  it('is empty for no coverage', () => {
    expect(summarizeCoverage([])).toMatchObject({ mentions: 0, stories: 0, reposts: 0, outlets: [], questions: [], sensitiveQuestions: [] });
  });
});
