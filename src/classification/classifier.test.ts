import { describe, expect, it } from 'vitest';
import { serializeModel, toTextModel, trainModel, type LabelledText } from '../models/index.ts';
import { loadGazetteer } from '../places/index.ts';
import { normalizeForMatching } from '../text/normalize.ts';
import { NO_TOPIC, type ClassifyInput } from './classification.ts';
import { Classifier, type TextModel } from './classifier.ts';
import { defaultDecisionSettings } from './decision.ts';
import type { Rule } from './rules.store.ts';

/**
 * The whole decision for one mention with fixed models: three small models trained here on
 * hand-written sentences (same texts, same models every run), two rules and the Jiangxi gazetteer.
 */
const now = new Date('2026-11-28T08:00:00Z');

const complaints = ['群众投诉司法所工作人员态度恶劣', '律师收费不透明遭到投诉', '戒毒所管理混乱家属不满', '公证处乱收费群众质疑', '调解员刁难当事人引发不满', '法律援助中心推诿群众投诉'];
const routine = ['司法局举办法治宣传活动', '律师志愿服务进社区', '公证处推出便民服务', '人民调解员培训班开班', '法律援助中心开展宣传', '司法所召开工作会议'];
// Mentions staff marked as about none of the topics.
const unrelated = ['球队比赛夺得冠军', '今天天气晴朗适合出游', '新款手机发布会举行'];
const repeat = (texts: string[], label: string): LabelledText[] => Array.from({ length: 60 }, (_, i) => ({ text: texts[i % texts.length]!, label }));

function fixedModels(): TextModel[] {
  const stored = [
    trainModel({ task: 'needs-response', records: [...repeat(complaints, '需回应'), ...repeat(routine, '无需回应')], options: { now } }),
    trainModel({ task: 'sentiment', records: [...repeat(complaints, 'negative'), ...repeat(routine, 'positive')], options: { now } }),
    trainModel({ task: 'topic', records: [...repeat(complaints.slice(0, 3), 'lawyers'), ...repeat(routine.slice(3), 'mediation'), ...repeat(unrelated, NO_TOPIC)], options: { now } }),
  ];
  return stored.map((m, i) => toTextModel({ id: i + 1, task: m.task, version: 1, model: serializeModel(m), trainingSet: m.trainingSet, metrics: {}, active: true, createdAt: now }));
}

const rule = (id: number, query: string, level: Rule['level'], topicKey: string): Rule => ({ id, topicId: id, topicKey, name: `规则${id}`, query, level, enabled: true, createdAt: now, updatedAt: now });
const rules = [rule(1, '监狱 AND (死亡 OR 殴打)', 'orange', 'prisons'), rule(2, 'title:"社区矫正" AND 脱管', 'yellow', 'corrections')];

const gazetteer = loadGazetteer();
const classifier = new Classifier({ rules, models: fixedModels(), settings: defaultDecisionSettings, findPlaces: (text) => { const p = gazetteer.find(text); return [...p.cities, ...p.counties]; } });

const mention = (title: string, body: string, extra: Partial<ClassifyInput> = {}): ClassifyInput => ({
  mentionId: 1,
  title: normalizeForMatching(title),
  body: normalizeForMatching(body),
  sourceName: '赣鄱论坛',
  sourceWeight: 1,
  reposts: 0,
  ...extra,
});

describe('Classifier', () => {
  it('flags a rule match at the rule level, names the rule and the words, and finds the place', () => {
    const c = classifier.classify(mention('南昌某监狱发生殴打事件', '网传南昌市某监狱一名服刑人员遭殴打'), now);
    expect(c.flagged).toBe(true);
    expect(c.level).toBe('orange');
    expect(c.topics).toContain('prisons');
    expect(c.explanation.rules).toEqual([expect.objectContaining({ id: 1, topic: 'prisons', level: 'orange' })]);
    expect(c.explanation.rules[0]!.matches.map((m) => m.term)).toEqual(expect.arrayContaining(['监狱', '殴打']));
    expect(c.explanation.reasons[0]).toBe('rule');
    expect(c.places).toContain('南昌市');
  });

  it('matches Traditional input once normalised, with field prefixes', () => {
    const c = classifier.classify(mention('社區矯正對象脫管', '有社區矯正對象脫管多日'), now);
    expect(c.flagged).toBe(true);
    expect(c.level).toBe('yellow');
    expect(c.topics).toContain('corrections');
  });

  it('flags from the model alone and explains it with the model’s top features', () => {
    const c = classifier.classify(mention('群众投诉', '群众投诉公证处乱收费，态度恶劣'), now);
    expect(c.explanation.rules).toEqual([]);
    expect(c.flagged).toBe(true);
    expect(c.responseScore).toBeGreaterThan(defaultDecisionSettings.modelFlag);
    expect(c.explanation.reasons).toContain('model');
    const response = c.explanation.models.find((m) => m.task === 'needs-response')!;
    expect(response.label).toBe('需回应');
    expect(response.topFeatures.map((f) => f.feature).join(' ')).toMatch(/投诉|恶劣|乱收费/);
    expect(c.sentiment).toBe('negative');
  });

  it('does not flag routine news; models still give label and probability, without top features', () => {
    const c = classifier.classify(mention('司法局举办宣传活动', '律师志愿服务进社区，开展法治宣传'), now);
    expect(c.flagged).toBe(false);
    expect(c.level).toBeNull();
    expect(c.explanation.models.map((m) => m.task)).toEqual(['needs-response', 'sentiment', 'topic']);
    for (const m of c.explanation.models) {
      expect(m.probability).toBeGreaterThan(0);
      expect(m.topFeatures).toEqual([]);
    }
    expect(c.sentiment).not.toBe('negative');
  });

  it('gives no model topic to a mention the topic model finds about none of them', () => {
    const c = classifier.classify(mention('球队比赛夺得冠军', '今天天气晴朗，球队比赛夺得冠军'), now);
    expect(c.explanation.models.find((m) => m.task === 'topic')).toMatchObject({ label: NO_TOPIC });
    expect(c.topics).toEqual([]);
    expect(classifier.classify(mention('律师收费不透明', '律师收费不透明遭到投诉'), now).topics).toContain('lawyers');
  });

  it('raises the level for reach and reposts, never past red', () => {
    const base = mention('南昌某监狱发生殴打事件', '网传某监狱一名服刑人员遭殴打');
    expect(classifier.classify({ ...base, reposts: 10 }, now).level).toBe('red');
    expect(classifier.classify({ ...base, reposts: 500, sourceWeight: 2 }, now).level).toBe('red');
  });
});
