import type { Corpus, CorpusRecord } from '../src/models/corpora.ts';
import { splitTrainTest } from '../src/models/train.ts';

/**
 * The held-out split of each corpus, shared by eval-models.ts and tune-models.ts: the corpus's own
 * split where it has one (COLD: train + dev → train, test → test; THUCNews: dev.txt → train,
 * test_shared.txt → test), else a stratified 80/20 split with seed 42. Train and test never share a row.
 */
export function splitFor(corpus: Corpus): { train: CorpusRecord[]; test: CorpusRecord[]; how: string } {
  if (corpus.records.some((r) => r.split)) {
    return {
      train: corpus.records.filter((r) => r.split !== 'test'),
      test: corpus.records.filter((r) => r.split === 'test'),
      how: corpus.name === 'cold' ? 'own split: train+dev / test' : 'own split: dev.txt / test_shared.txt',
    };
  }
  return { ...splitTrainTest(corpus.records, 0.2, 42), how: 'stratified 80/20, seed 42' };
}
