/**
 * npm run eval:rules — how often the starter rule pack (data/rules/starter.json) fires on the shared
 * corpora: ordinary hotel and food-delivery reviews, Weibo posts, offensive-language comments and news
 * titles. None of these corpora is about justice administration, so nearly every match on them is a
 * false positive; the society/politics news titles are the nearest to what the rules are for, and
 * the samples printed let a reader judge. The corpora are read from ../shared/data at run time.
 */
import path from 'node:path';
import { corpora, type CorpusName } from '../src/models/corpora.ts';
import { loadRulePack, parseQuery, RuleEngine, STARTER_PACK_FILE } from '../src/rules/index.ts';
import { normalizeForMatching } from '../src/text/normalize.ts';

const dataDir = path.resolve(import.meta.dirname, '..', '../shared/data');
const pack = loadRulePack(STARTER_PACK_FILE);
const rules = pack.flatMap((topic) => topic.rules.map((rule) => ({ ...rule, topic: topic.key })));
const engine = new RuleEngine(rules.map((rule) => ({ rule, query: parseQuery(rule.query) })));
console.log(`starter pack: ${rules.length} rules in ${pack.length} topics\n`);

let texts = 0;
let matched = 0;
const started = performance.now();
for (const name of Object.keys(corpora) as CorpusName[]) {
  const corpus = corpora[name](dataDir);
  const byRule = new Map<string, { count: number; sample: string }>();
  const byLabel = new Map<string, { texts: number; matched: number }>();
  let hits = 0;
  for (const record of corpus.records) {
    const text = normalizeForMatching(record.text);
    const found = engine.match({ title: '', body: text, source: '' });
    const label = byLabel.get(record.label) ?? { texts: 0, matched: 0 };
    label.texts++;
    if (found.length) {
      hits++;
      label.matched++;
      for (const { rule } of found) {
        const entry = byRule.get(rule.name) ?? { count: 0, sample: text.slice(0, 60) };
        entry.count++;
        byRule.set(rule.name, entry);
      }
    }
    byLabel.set(record.label, label);
  }
  texts += corpus.records.length;
  matched += hits;
  const rate = (n: number, of: number) => `${((100 * n) / of).toFixed(2)}%`;
  console.log(`${name}: ${hits} of ${corpus.records.length} texts matched a rule (${rate(hits, corpus.records.length)})`);
  if (corpus.task === 'topic') {
    for (const [label, l] of [...byLabel].sort()) if (l.matched) console.log(`  class ${label}: ${l.matched} of ${l.texts} (${rate(l.matched, l.texts)})`);
  }
  for (const [rule, r] of [...byRule].sort((a, b) => b[1].count - a[1].count).slice(0, 5)) console.log(`  ${String(r.count).padStart(5)} × ${rule} — e.g. 「${r.sample}」`);
}
const seconds = (performance.now() - started) / 1000;
console.log(`\nall corpora: ${matched} of ${texts} texts matched (${((100 * matched) / texts).toFixed(2)}%), read and matched in ${seconds.toFixed(1)} s`);
