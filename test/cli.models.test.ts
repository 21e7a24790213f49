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
