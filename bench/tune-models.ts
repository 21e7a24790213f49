/**
 * node --import tsx bench/tune-models.ts [corpus …] — the experiments behind the results table in
 * src/models/linear-model.ts: every feature × model variant below on each corpus's held-out split
 * (the same splits as bench/eval-models.ts). Texts are segmented and featurized once per corpus;
 * each variant then only builds its matrix and trains. TUNE_VARIANTS=name,name limits the variants.
 * The corpora are read from ../shared/data at run time; nothing trained here is saved.
 */
import path from 'node:path';
import { corpora, type CorpusName } from '../src/models/corpora.ts';
import { ALL_KINDS, textFeatures, type FeatureSpec, type Features } from '../src/models/features.ts';
import { configurationFor, evaluate, trainOnFeatures, type TrainOptions } from '../src/models/train.ts';
import { splitFor } from './eval-splits.ts';

const dataDir = path.resolve(import.meta.dirname, '..', '../shared/data');

const W: Pick<FeatureSpec, 'words' | 'wordBigrams' | 'chars' | 'charBigrams' | 'charTrigrams' | 'negation'> = { words: true, wordBigrams: false, chars: false, charBigrams: false, charTrigrams: false, negation: false };
const vocab = (minCount: number): FeatureSpec['ids'] => ({ kind: 'vocabulary', minCount });
const hash = (bits: number): FeatureSpec['ids'] => ({ kind: 'hash', bits });
const spec = (kinds: Partial<FeatureSpec>, ids = vocab(1), binary = true): FeatureSpec => ({ ...W, ...kinds, binary, ids });

const WC2 = { charBigrams: true };
const WC23 = { charBigrams: true, charTrigrams: true };
const WWC23 = { wordBigrams: true, charBigrams: true, charTrigrams: true };
const NB = (features: FeatureSpec, alpha = 0.5, complement = false): Partial<TrainOptions> => ({ kind: 'naive-bayes', features, naiveBayes: { alpha, complement } });
const LR = (features: FeatureSpec, logistic: Partial<TrainOptions['logistic']> = {}): Partial<TrainOptions> => ({ kind: 'logistic', features, logistic: logistic as TrainOptions['logistic'] });
const NBLR = (features: FeatureSpec, logistic: Partial<TrainOptions['logistic']> = {}): Partial<TrainOptions> => ({ kind: 'nb-logistic', features, logistic: logistic as TrainOptions['logistic'] });

const SVM = (features: FeatureSpec, svm: Partial<TrainOptions['svm']> = {}): Partial<TrainOptions> => ({ kind: 'svm', features, svm: svm as TrainOptions['svm'] });
const NBSVM = (features: FeatureSpec, svm: Partial<TrainOptions['svm']> = {}): Partial<TrainOptions> => ({ kind: 'nb-svm', features, svm: svm as TrainOptions['svm'] });
const C1 = { chars: true };
const C12 = { chars: true, charBigrams: true };

const variants: Record<string, Partial<TrainOptions>> = {
  'nb words': NB(spec({})),
  'nb chars2': NB(spec({ words: false, charBigrams: true })),
  'nb w+c2': NB(spec(WC2)),
  'nb w+c2 counts': NB(spec(WC2, vocab(1), false)),
  'nb w+c2+c3': NB(spec(WC23)),
  'nb w+wb+c2+c3': NB(spec(WWC23)),
  'cnb w+c2': NB(spec(WC2), 0.5, true),
  'nb w+c2 a=1': NB(spec(WC2), 1),
  'nb w+c2 a=0.1': NB(spec(WC2), 0.1),
  'lr w+c2': LR(spec(WC2)),
  'lr w+c2+c3': LR(spec(WC23)),
  'lr w+wb+c2+c3': LR(spec(WWC23)),
  'nblr words': NBLR(spec({})),
  'nblr w+c2': NBLR(spec(WC2)),
  'nblr w+c2+neg': NBLR(spec({ ...WC2, negation: true })),
  'nblr w+c2 counts': NBLR(spec(WC2, vocab(1), false)),
  'nblr w+c2+c3': NBLR(spec(WC23)),
  'nblr w+wb+c2': NBLR(spec({ wordBigrams: true, charBigrams: true })),
  'nblr w+wb+c2+c3': NBLR(spec(WWC23)),
  'nblr w+wb+c2+c3 min2': NBLR(spec(WWC23, vocab(2))),
  'nblr w+wb+c2+c3 hash18': NBLR(spec(WWC23, hash(18))),
  'nblr w+wb+c2+c3 hash20': NBLR(spec(WWC23, hash(20))),
  'nblr w+c2 hash18': NBLR(spec(WC2, hash(18))),
  'lr w+c1+c2': LR(spec(C12)),
  'nblr w+c1+c2': NBLR(spec(C12)),
  'svm w+c2': SVM(spec(WC2)),
  'svm w+c1+c2': SVM(spec(C12)),
  'svm w+c2+c3': SVM(spec(WC23)),
  'svm w+wb+c2+c3': SVM(spec(WWC23)),
  'nbsvm w+c2': NBSVM(spec(WC2)),
  'nbsvm w+c1+c2': NBSVM(spec(C12)),
  'nbsvm w+c2+c3': NBSVM(spec(WC23)),
  'nbsvm w+wb+c2': NBSVM(spec({ wordBigrams: true, charBigrams: true })),
  'nbsvm w+wb+c2+c3': NBSVM(spec(WWC23)),
  'nbsvm w+wb+c1+c2+c3': NBSVM(spec({ ...WWC23, chars: true })),
  'nbsvm w+c1+c2+c3': NBSVM(spec({ ...WC23, chars: true })),
  'nbsvm c1+c2': NBSVM(spec({ words: false, ...C12 })),
  'nbsvm w+c1': NBSVM(spec(C1)),
  'nbsvm w+c1+c2 min2': NBSVM(spec(C12, vocab(2))),
  'nbsvm w+c1+c2 hash20': NBSVM(spec(C12, hash(20))),
  'nbsvm w+c1+c2 hash18': NBSVM(spec(C12, hash(18))),
  'svm w+c1+c2 counts': SVM(spec(C12, vocab(1), false)),
  'nb w+c1+c2': NB(spec(C12)),
  'nbsvm w+c1+c2 counts': NBSVM(spec(C12, vocab(1), false)),
  'nbsvm w+c1+c2+neg': NBSVM(spec({ ...C12, negation: true })),
};

const names = (process.argv.slice(2).length ? process.argv.slice(2) : Object.keys(corpora)) as CorpusName[];
const only = process.env.TUNE_VARIANTS?.split(',');
const extra = process.env.TUNE_LOGISTIC ? (JSON.parse(process.env.TUNE_LOGISTIC) as Partial<TrainOptions['logistic']>) : {};
const prune = process.env.TUNE_PRUNE ? Number(process.env.TUNE_PRUNE) : undefined;
const extraSvm = process.env.TUNE_SVM ? (JSON.parse(process.env.TUNE_SVM) as Partial<TrainOptions['svm']>) : {};

for (const name of names) {
  const corpus = corpora[name](dataDir);
  const { train, test } = splitFor(corpus);
  const t0 = performance.now();
  const trainFeatures: Features[] = train.map((r) => textFeatures(r.text, ALL_KINDS));
  const testFeatures: Features[] = test.map((r) => textFeatures(r.text, ALL_KINDS));
  console.log(`${name}: train ${train.length}, test ${test.length}, featurized in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  for (const [variant, overrides] of Object.entries(variants)) {
    if (only && !only.some((o) => variant === o || (o.endsWith('*') && variant.startsWith(o.slice(0, -1))))) continue;
    const o = configurationFor(corpus.task === 'topic' ? 'topic' : 'needs-response', { ...overrides, logistic: { ...(overrides.logistic ?? {}), ...extra } as TrainOptions['logistic'], svm: { ...(overrides.svm ?? {}), ...extraSvm } as TrainOptions['svm'], ...(prune === undefined ? {} : { prune }), now: new Date(0) });
    const started = performance.now();
    const model = trainOnFeatures(corpus.task, trainFeatures, train.map((r) => r.label), o, { name, size: train.length, hash: '' });
    const seconds = (performance.now() - started) / 1000;
    const m = evaluate(model, test, { features: testFeatures });
    console.log(`  ${variant.padEnd(26)} acc ${m.accuracy.toFixed(4)}  macroF1 ${m.macroF1.toFixed(4)}  features ${String(model.weights.size).padStart(8)}  train ${seconds.toFixed(1)} s`);
  }
}
