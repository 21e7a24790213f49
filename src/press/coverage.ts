import type { TextFilter } from '../rules/index.ts';
import { normalizeForMatching } from '../text/normalize.ts';
import { segment } from '../text/segment.ts';
import { contentWords } from '../text/stopwords.ts';

/**
 * Coverage of a press conference (新闻发布工作实施后，跟踪媒体报道情况和社会反响): which mentions
 * are about it, and what they add up to — outlets, reposts, sentiment, the most negative items, the
 * questions raised and which of them need a prepared answer. Pure.
 */

/** How a mention is recognised as coverage of an event. */
export interface CoverageTerms {
  /** Normalised terms. */
  terms: string[];
  /** How many of them a mention must contain. */
  needed: number;
  /** Where they came from: the office's keywords, or the words of the title. */
  from: 'keywords' | 'title';
}

/**
 * The office's keywords when it gave some (any one marks coverage); otherwise the content words of
 * the title (two characters or more), of which at least half must appear — a headline is rarely
 * repeated word for word, but its main words are.
 */
export function coverageTerms(event: { title: string; keywords: readonly string[] }): CoverageTerms {
  const keywords = [...new Set(event.keywords.map((k) => normalizeForMatching(k).trim()).filter(Boolean))];
  if (keywords.length) return { terms: keywords, needed: 1, from: 'keywords' };
  const title = normalizeForMatching(event.title);
  const words = [...new Set(contentWords(segment(title)).filter((w) => w.length >= 2))];
  if (!words.length) return { terms: [title], needed: 1, from: 'title' };
  return { terms: words, needed: Math.min(words.length, Math.max(2, Math.ceil(words.length / 2))), from: 'title' };
}

/** The days after an event whose mentions are its coverage: [start, start + coverage days). */
export function coverageWindow(event: { startsAt: Date; coverageDays: number }): { from: Date; to: Date } {
  return { from: event.startsAt, to: new Date(event.startsAt.getTime() + event.coverageDays * 86_400_000) };
}

/** A database prefilter that every matching mention passes (any term in title or body). */
export function coverageFilter(terms: CoverageTerms): TextFilter {
  return { or: terms.terms.map((term) => ({ term, fields: ['title', 'body'] as const })) };
}

/** Whether a mention's normalised text is coverage. */
export function isCoverage(terms: CoverageTerms, text: string): boolean {
  let found = 0;
  for (const term of terms.terms) if (text.includes(term) && ++found >= terms.needed) return true;
  return false;
}

/** What coverage needs to know of a mention. */
export interface CoverageMention {
  id: number;
  title: string;
  sourceName: string;
  url: string | null;
  publishedAt: string;
  storyId: number;
  repostCount: number;
  /** Normalised title and body. */
  text: string;
  /** Title and body as collected: questions are quoted from it. */
  original: string;
  verdict: { flagged: boolean; level: string | null; sentiment: string } | null;
  sentimentScore: number | null;
}

export interface CoverageSummary {
  mentions: number;
  /** Distinct stories (a piece of news and its reposts count once). */
  stories: number;
  /** Reposts across the stories (each story counted once). */
  reposts: number;
  outlets: { name: string; mentions: number }[];
  sentiment: { negative: number; neutral: number; positive: number; unclassified: number };
  /** The most negative items, most negative first. */
  mostNegative: { id: number; title: string; sourceName: string; url: string | null; score: number }[];
  /** Questions raised (sentences ending in a question mark), most often first. */
  questions: { text: string; mentions: number }[];
  /** Questions from flagged or negative mentions: these need a prepared answer (答问口径). */
  sensitiveQuestions: { text: string; mentions: number; level: string | null }[];
  /** Flagged mentions among the coverage. */
  flagged: { id: number; title: string; level: string | null }[];
}

/** A question: a sentence ending in a question mark, after the speaker (网友追问：…). */
const QUESTION = /[^。！？!?：:\n]{4,80}[？?]/g;

/** Adds up the coverage mentions of one event. */
export function summarizeCoverage(mentions: readonly CoverageMention[], limits = { negative: 5, questions: 20 }): CoverageSummary {
  const outlets = new Map<string, number>();
  const stories = new Map<number, number>();
  const sentiment = { negative: 0, neutral: 0, positive: 0, unclassified: 0 };
  const questions = new Map<string, { mentions: number; sensitive: boolean; level: string | null }>();
  const rank = (level: string | null) => ['blue', 'yellow', 'orange', 'red'].indexOf(level ?? '');
  for (const m of mentions) {
    outlets.set(m.sourceName, (outlets.get(m.sourceName) ?? 0) + 1);
    stories.set(m.storyId, Math.max(stories.get(m.storyId) ?? 0, m.repostCount));
    const s = m.verdict?.sentiment;
    if (s === 'negative' || s === 'neutral' || s === 'positive') sentiment[s]++;
    else sentiment.unclassified++;
    const sensitive = !!m.verdict && (m.verdict.flagged || m.verdict.sentiment === 'negative');
    for (const q of new Set(m.original.match(QUESTION) ?? [])) {
      const text = q.trim();
      const entry = questions.get(text) ?? { mentions: 0, sensitive: false, level: null };
      entry.mentions++;
      if (sensitive) {
        entry.sensitive = true;
        if (rank(m.verdict!.level) > rank(entry.level)) entry.level = m.verdict!.level;
      }
      questions.set(text, entry);
    }
  }
  const byCount = <T extends { mentions: number; text: string }>(a: T, b: T) => b.mentions - a.mentions || a.text.localeCompare(b.text);
  const allQuestions = [...questions].map(([text, q]) => ({ text, ...q }));
  return {
    mentions: mentions.length,
    stories: stories.size,
    reposts: [...stories.values()].reduce((a, b) => a + b, 0),
    outlets: [...outlets].map(([name, n]) => ({ name, mentions: n })).sort((a, b) => b.mentions - a.mentions || a.name.localeCompare(b.name)),
    sentiment,
    mostNegative: mentions
      .filter((m) => m.verdict?.sentiment === 'negative')
      .map((m) => ({ id: m.id, title: m.title, sourceName: m.sourceName, url: m.url, score: m.sentimentScore ?? 0 }))
      .sort((a, b) => b.score - a.score || a.id - b.id)
      .slice(0, limits.negative),
    questions: allQuestions.map(({ text, mentions: n }) => ({ text, mentions: n })).sort(byCount).slice(0, limits.questions),
    sensitiveQuestions: allQuestions
      .filter((q) => q.sensitive)
      .map(({ text, mentions: n, level }) => ({ text, mentions: n, level }))
      .sort(byCount)
      .slice(0, limits.questions),
    flagged: mentions.filter((m) => m.verdict?.flagged).map((m) => ({ id: m.id, title: m.title, level: m.verdict!.level })),
  };
}
