/**
 * npm run eval:models — trains on part of each shared corpus and evaluates on the rest (a seeded,
 * stratified 80/20 split; never the same rows), against the accuracy floors. The corpora
 * are read from ../shared/data at run time; nothing trained here is saved.
 */
import path from 'node:path';
import { corpora, type Corpus } from '../src/models/corpora.ts';
import { predict, serializeModel } from '../src/models/linear-model.ts';
import { evaluate, splitTrainTest, textFeatures, trainModel } from '../src/models/train.ts';

const dir = path.resolve(import.meta.dirname, '../../shared/data/corpora');
const only = process.env.EVAL_ONLY?.split(',');
const algorithm = (process.env.EVAL_ALGORITHM ?? 'logistic') as 'logistic' | 'naive-bayes';

const floors: [keyof typeof corpora, number][] = [
  ['weibo2018', 0.875],
  ['chnSentiCorpHotel', 0.9],
  ['waimai10k', 0.89],
  ['cold', 0.8],
  ['thucnewsTitles', 0.88],
];

let missed = 0;
for (const [name, floor] of floors) {
  if (only && !only.includes(name)) continue;
  const corpus: Corpus = corpora[name](dir);
  const { train, test } = splitTrainTest(corpus.records, 0.2, 42);
  const started = performance.now();
  const logistic = { epochs: Number(process.env.EVAL_EPOCHS ?? 12), rate: Number(process.env.EVAL_RATE ?? 0.05), l2: Number(process.env.EVAL_L2 ?? 1e-5) };
  const spec = { bits: 20, words: process.env.EVAL_WORDS !== '0', charBigrams: true, charTrigrams: process.env.EVAL_TRIGRAMS === '1' };
  const model = trainModel(train, { task: corpus.task, algorithm, name: corpus.name, logistic, spec });
  const trainSeconds = (performance.now() - started) / 1000;
  const m = evaluate(model, test);
  const featurized = test.map((r) => textFeatures(r.text, model.spec));
  const t0 = performance.now();
  for (const f of featurized) predict(model, f);
  const predictPerSecond = featurized.length / ((performance.now() - t0) / 1000);
  const size = JSON.stringify(serializeModel(model)).length;
  const ok = m.accuracy >= floor;
  if (!ok) missed++;
  console.log(
    `${corpus.name.padEnd(18)} ${algorithm.padEnd(11)} train ${String(train.length).padStart(6)} test ${String(test.length).padStart(5)}  accuracy ${m.accuracy.toFixed(4)} (floor ${floor}) ${ok ? 'ok  ' : 'MISS'} macro-F1 ${m.macroF1.toFixed(4)}  train ${trainSeconds.toFixed(1)} s  predict ${Math.round(predictPerSecond)}/s  model ${(size / 1e6).toFixed(1)} MB`,
  );
}
process.exitCode = missed ? 1 : 0;
