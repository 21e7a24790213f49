import { describe, expect, it } from 'vitest';
import { beijingDay, coreTitle, findDocumentNumber, interpretationKindOf, kindOfTitle, matchDocument, policyDocumentInputSchema, syncState } from './policy.ts';

const docs = [
  { id: 1, title: '江西省法律援助条例实施办法', number: '赣司发〔2026〕12号' },
  { id: 2, title: '关于进一步加强社区矫正工作的意见', number: '' },
  { id: 3, title: '办法', number: '' },
];

describe('policy documents and interpretations', () => {
  it('reads document numbers in every bracket style and writes them the standard way', () => {
    expect(findDocumentNumber('关于印发《办法》的通知（赣司发[2026]12号）')).toBe('赣司发〔2026〕12号');
    expect(findDocumentNumber('赣司办字〔2020〕39号')).toBe('赣司办字〔2020〕39号');
    expect(findDocumentNumber('赣司发（2026） 7 号')).toBe('赣司发〔2026〕7号');
    expect(findDocumentNumber('2026年工作要点')).toBe('');
  });

  it('tells documents from interpretations by their titles, and the kind of interpretation', () => {
    expect(kindOfTitle('关于印发《江西省法律援助条例实施办法》的通知')).toBe('document');
    expect(kindOfTitle('《江西省法律援助条例实施办法》政策解读')).toBe('interpretation');
    expect(kindOfTitle('一图读懂：社区矫正工作意见')).toBe('interpretation');
    expect(kindOfTitle('省司法厅召开党组会议')).toBeNull();
    expect(['图解：法律援助办法', '法律援助办法答记者问', '微视频：法律援助', '法律援助办法解读'].map(interpretationKindOf)).toEqual(['graphic', 'qa', 'video', 'text']);
  });

  it('matches an interpretation to its document by number first, then by the longest title it contains', () => {
    expect(matchDocument(docs, '赣司发〔2026〕12号文件解读')?.id).toBe(1);
    expect(matchDocument(docs, '《江西省法律援助条例实施办法》政策解读')?.id).toBe(1);
    expect(matchDocument(docs, '图解：关于进一步加强社区矫正工作的意见')?.id).toBe(2);
    expect(matchDocument(docs, '《關於進一步加強社區矯正工作的意見》解讀')?.id).toBe(2); // Traditional
    expect(matchDocument(docs, '律师行业发展规划解读')).toBeNull();
    expect(coreTitle('《江西省法律援助条例实施办法》政策解读')).toBe('江西省法律援助条例实施办法');
    expect(coreTitle('关于印发《江西省法律援助条例实施办法》的通知')).toBe('江西省法律援助条例实施办法');
    expect(matchDocument([{ title: '关于印发《江西省法律援助条例实施办法》的通知', number: '' }], '一图读懂《江西省法律援助条例实施办法》')).not.toBeNull();
  });

  it.each([
    ['2026-12-01', [], 'missing', null],
    ['2026-12-01', ['2026-12-01'], 'in-sync', 0],
    ['2026-12-01', ['2026-11-30'], 'in-sync', 0],
    ['2026-12-01', ['2026-12-04', '2026-12-03'], 'late', 2],
  ] as const)('released %s, interpreted %j: %s', (releasedOn, days, state, daysLate) => {
    const interpretations = days.map((publishedOn, i) => ({ id: i, documentId: 1, kind: 'text' as const, title: 'x', url: '', publishedOn }));
    expect(syncState({ releasedOn, interpretations })).toEqual({ state, daysLate });
  });

  it('takes release days in Beijing time and validates input', () => {
    expect(beijingDay(new Date('2026-11-30T17:00:00Z'))).toBe('2026-12-01');
    expect(policyDocumentInputSchema.safeParse({ title: 'x', releasedOn: '2026-02-30' }).success).toBe(false);
    expect(policyDocumentInputSchema.safeParse({ title: 'x', releasedOn: '2026-02-28', url: 'ftp://x' }).success).toBe(false);
  });
});
