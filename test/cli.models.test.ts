import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RulesStore } from '../src/classification/index.ts';
import { loadRulePack, STARTER_PACK_FILE } from '../src/rules/index.ts';
import { createTestDb, type TestDb } from './helpers/db.ts';
import { runCli } from './helpers/cli.ts';

/** `huiying model train|predict|eval` and `huiying classify`, as real child processes. */

let db: TestDb;
let env: Record<string, string>;
let dir: string;
const complaints = ['投诉司法所工作人员态度恶劣', '律师收钱不办事，要求退款', '公证处乱收费，群众不满', '社区矫正对象脱管无人过问', '监狱探视被刁难，家属投诉'];
const routine = ['司法局举办普法宣传活动', '法律援助中心开展志愿服务', '人民调解员参加业务培训', '公证处推出延时服务', '监狱召开年度工作会议'];

beforeAll(async () => {
  db = await createTestDb();
  env = { ...db.env };
  dir = db.dataDir;
  const lines = Array.from({ length: 80 }, (_, i) => JSON.stringify(i % 2 ? { text: `${complaints[i % 5]}（${i}）`, label: '需回应' } : { text: `${routine[i % 5]}（${i}）`, label: '无需回应' }));
  fs.writeFileSync(path.join(dir, 'labels.jsonl'), `${lines.join('\n')}\n`);
  fs.writeFileSync(path.join(dir, 'texts.jsonl'), ['{"text":"群众投诉律师收钱不办事"}', '', '{"text":"司法局举办普法宣传活动"}'].join('\n'));
  fs.writeFileSync(
    path.join(dir, 'mentions.jsonl'),
    [
      JSON.stringify({ id: 7, title: '網傳某監獄服刑人員在獄中死亡', body: '家属质疑死因', source: '微博' }),
      JSON.stringify({ id: 8, title: '市司法局举办法治宣传活动', body: '', source: '赣鄱法治网' }),
    ].join('\n'),
  );
  await new RulesStore(db.db).importPack(loadRulePack(STARTER_PACK_FILE), new Date());
});
afterAll(async () => db?.close());

describe('huiying model', () => {
  it('trains to a file, predicts in order, and evaluates', async () => {
    const model = path.join(dir, 'model.json');
    const trained = await runCli(['model', 'train', '--task', 'needs-response', '--in', path.join(dir, 'labels.jsonl'), '--out', model], env);
    expect(trained.code, trained.stderr).toBe(0);
    expect(trained.stderr).toMatch(/hold-out accuracy \d\.\d{4}/);
    expect(trained.stdout).toContain('wrote');

    const predicted = await runCli(['model', 'predict', '--model', model, '--in', path.join(dir, 'texts.jsonl')], env);
    expect(predicted.code, predicted.stderr).toBe(0);
    const rows = predicted.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows.map((r) => r.label)).toEqual(['需回应', '无需回应']);
    expect(rows[0].score).toBeGreaterThan(0.5);

    const evaluated = await runCli(['model', 'eval', '--model', model, '--in', path.join(dir, 'labels.jsonl')], env);
    expect(evaluated.code, evaluated.stderr).toBe(0);
    expect(evaluated.stdout).toMatch(/accuracy\s+1\.0000/);
    expect(evaluated.stdout).toMatch(/需回应\s+precision/);
    expect(evaluated.stdout).toContain('confusion');
  });

  it('explains bad input instead of crashing', async () => {
    fs.writeFileSync(path.join(dir, 'bad.jsonl'), '{"text":"a","label":"x"}\nnot json\n');
    const bad = await runCli(['model', 'train', '--task', 'sentiment', '--in', path.join(dir, 'bad.jsonl')], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('bad.jsonl:2: not JSON');
    const notModel = await runCli(['model', 'eval', '--model', path.join(dir, 'labels.jsonl'), '--in', path.join(dir, 'labels.jsonl')], env);
    expect(notModel.code).toBe(1);
    expect(notModel.stderr).toContain('not a Huiying model');
  });

  it('reports every bad line and missing files in one message, without a stack trace', async () => {
    const file = path.join(dir, 'worse.jsonl');
    fs.writeFileSync(file, ['{"text":"好评","label":"pos"}', 'not json', '{"text":"差评"}', '{"text":5,"label":"neg"}', '{"text":"一般","label":""}'].join('\n'));
    const bad = await runCli(['model', 'train', '--task', 'sentiment', '--in', file, '--out', path.join(dir, 'never.json')], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('4 problem(s), nothing trained');
    for (const line of ['worse.jsonl:2: not JSON', 'worse.jsonl:3: label: needs "label"', 'worse.jsonl:4: text: needs "text"', 'worse.jsonl:5: label:']) expect(bad.stderr).toContain(line);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    expect(fs.existsSync(path.join(dir, 'never.json'))).toBe(false);

    const oneLabel = path.join(dir, 'one-label.jsonl');
    fs.writeFileSync(oneLabel, '{"text":"好评","label":"pos"}\n{"text":"很好","label":"pos"}\n');
    const same = await runCli(['model', 'train', '--task', 'sentiment', '--in', oneLabel, '--out', path.join(dir, 'never.json')], env);
    expect(same.code).toBe(1);
    expect(same.stderr).toContain('training needs at least two different labels, found pos');

    const missing = path.join(dir, 'no-such.jsonl');
    for (const args of [
      ['model', 'train', '--task', 'sentiment', '--in', missing, '--out', path.join(dir, 'never.json')],
      ['model', 'predict', '--model', missing, '--in', missing],
      ['model', 'eval', '--model', missing, '--in', missing],
      ['classify', '--in', missing],
    ]) {
      const r = await runCli(args, env);
      expect(r.code, args.join(' ')).toBe(1);
      expect(r.stderr, args.join(' ')).toContain('no-such.jsonl: cannot read (ENOENT)');
      expect(r.stderr, args.join(' ')).not.toMatch(/\n\s+at /);
    }

    const unwritable = await runCli(['model', 'train', '--task', 'needs-response', '--in', path.join(dir, 'labels.jsonl'), '--out', path.join(dir, 'no-folder', 'model.json')], env);
    expect(unwritable.code).toBe(1);
    expect(unwritable.stderr).toMatch(/huiying: ENOENT: .*no-folder/);
    expect(unwritable.stderr).not.toMatch(/\n\s+at /);
  });

  it('classifies nothing when a mention line is bad, and says which', async () => {
    const file = path.join(dir, 'bad-mentions.jsonl');
    fs.writeFileSync(file, [JSON.stringify({ id: 1, title: '某监狱服刑人员死亡', body: '', source: '微博' }), '{"id":2,', JSON.stringify({ id: 3, title: 5 })].join('\n'));
    const r = await runCli(['classify', '--in', file], env);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('2 problem(s), nothing classified');
    expect(r.stderr).toContain('bad-mentions.jsonl:2: not JSON');
    expect(r.stderr).toContain('bad-mentions.jsonl:3: title:');
  });

  it('stores a trained model as the active version, which classify then uses with the rules', async () => {
    const stored = await runCli(['model', 'train', '--task', 'needs-response', '--in', path.join(dir, 'labels.jsonl')], env);
    expect(stored.code, stored.stderr).toBe(0);
    expect(stored.stdout).toContain('needs-response model version 1 (active)');

    const classified = await runCli(['classify', '--in', path.join(dir, 'mentions.jsonl')], env);
    expect(classified.code, classified.stderr).toBe(0);
    const [death, outreach] = classified.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(death).toMatchObject({ id: 7, flagged: true, level: 'red', topics: expect.arrayContaining(['prisons']), sentiment: 'neutral' });
    expect(death.explanation.rules.map((r: { name: string }) => r.name)).toContain('羁押场所人员死亡');
    expect(death.explanation.models[0]).toMatchObject({ task: 'needs-response', version: 1 });
    expect(typeof death.responseScore).toBe('number');
    expect(outreach).toMatchObject({ id: 8, topics: [] });
  });
});

describe('huiying classify on a database no server has started on', () => {
  let fresh: TestDb;
  beforeAll(async () => {
    fresh = await createTestDb();
  });
  afterAll(async () => fresh?.close());

  it('loads the starter rules first, as the first start does, and says there are no models', async () => {
    const r = await runCli(['classify', '--in', path.join(dir, 'mentions.jsonl')], fresh.env);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/loaded the starter rule pack \(\d+ rules\)/);
    expect(r.stderr).toContain('no active models: rules only');
    const [death] = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(death).toMatchObject({ id: 7, flagged: true, topics: expect.arrayContaining(['prisons']), responseScore: null });
    expect(await new RulesStore(fresh.db).countTopics()).toBeGreaterThan(0);

    // Once only: a second run finds the topics and loads nothing.
    const again = await runCli(['classify', '--in', path.join(dir, 'mentions.jsonl')], fresh.env);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('loaded the starter rule pack');
  });
});
