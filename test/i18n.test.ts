import { describe, expect, it } from 'vitest';
import { levels, reasonCodes } from '../src/classification/decision.ts';
import { t } from '../web/static/i18n.js';

/** The board words what the classifier records: each warning level and each step of a level's reasons, in both languages. */
describe('board words for the warning decision', () => {
  it.each(['zh', 'en'] as const)('has %s words for every level and reason', (lang) => {
    for (const key of [...levels.map((l) => `level.${l}`), ...reasonCodes.map((r) => `why.reason.${r}`)]) {
      expect(t(key, undefined, lang), key).not.toBe(key);
    }
    expect(t('why.reason.model-calm', undefined, lang)).not.toBe(t('why.reason.model-calm', undefined, lang === 'zh' ? 'en' : 'zh'));
  });
});
