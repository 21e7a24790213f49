/**
 * npm run bench:report — a quarterly report over 1,000,000 stored mentions: building the model (quota
 * status, conferences with their coverage, appearances, policy, mention statistics added up in
 * SQLite) and rendering it as HTML and as XLSX. Floor (issue 4): under 5 seconds.
 *
 * The database is SQLite in a temp folder, filled here with seeded synthetic data: every mention
 * published inside 2026Q4 (the worst case for the report's aggregates), each classified, 15% with
 * topics, 8% flagged; five held conferences whose coverage is looked up; policy documents.
 * BENCH_MENTIONS changes the count; BENCH_KEEP=1 keeps the folder.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { openDb } from '../src/db/knex.ts';
import { migrateLatest } from '../src/db/migrate.ts';
import { SourceStore } from '../src/collection/source.store.ts';
import { RulesStore } from '../src/classification/rules.store.ts';
import { loadQuotaRules, PolicyService, PolicyStore, PressService, PressStore, type PressEventInput } from '../src/press/index.ts';
import { MentionStore } from '../src/mentions/mention.store.ts';
import { renderReportHtml, renderReportXlsx, ReportService, ReportStore } from '../src/reports/index.ts';
import { fixedClock } from '../src/shared/clock.ts';
import { EventBus } from '../src/shared/events.ts';

const TOTAL = Number(process.env.BENCH_MENTIONS ?? 1_000_000);
const ROWS_PER_INSERT = 500; // 17 columns × 500 stays under SQLite's 32,766 bound parameters
const ROWS_PER_TRANSACTION = 50_000;

let seed = 20261231;
const random = () => {
  seed = (seed * 1103515245 + 12345) % 2147483648;
  return seed / 2147483648;
};
const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'huiying-bench-report-'));
const db = openDb({ client: 'sqlite', filename: path.join(dir, 'huiying.db') });
const clock = fixedClock('2027-01-05T02:00:00Z');
const now = clock.now();

/** Inserts rows with multi-row statements, many statements per transaction. */
async function bulkInsert(table: string, count: number, row: (i: number) => Record<string, unknown>): Promise<void> {
  for (let t = 0; t < count; t += ROWS_PER_TRANSACTION) {
    await db.transaction(async (trx) => {
      for (let at = t; at < Math.min(count, t + ROWS_PER_TRANSACTION); at += ROWS_PER_INSERT) {
        const rows = Array.from({ length: Math.min(ROWS_PER_INSERT, count - at) }, (_, k) => row(at + k));
        const columns = Object.keys(rows[0]!);
        const values = rows.map(() => `(${columns.map(() => '?').join(',')})`).join(',');
        await trx.raw(`insert into ${table} (${columns.join(',')}) values ${values}`, rows.flatMap((r) => columns.map((c) => r[c] as never)));
      }
    });
    if ((t / ROWS_PER_TRANSACTION) % 4 === 3) process.stderr.write(`  ${table}: ${Math.min(count, t + ROWS_PER_TRANSACTION)}\n`);
  }
}

const outlets = ['江西日报', '江西新闻网', '大江网', '中国江西网', '赣鄱论坛', '南昌日报', '今日头条号', '微博', '抖音号', '新浪江西', '人民网江西频道', '新华网江西频道'];
const subjects = ['法律援助', '公证服务', '人民调解', '社区矫正', '监狱管理', '戒毒工作', '律师执业', '司法鉴定', '普法宣传', '行政复议', '12348热线', '法治政府建设'];
const verbs = ['推进', '部署', '开展', '通报', '回应', '启动', '完善', '优化', '督查', '表彰'];
const places = ['南昌', '九江', '赣州', '上饶', '吉安', '宜春', '抚州', '萍乡', '景德镇', '新余', '鹰潭'];
const topicKeys = ['legal-aid', 'notary', 'mediation', 'corrections', 'prisons', 'rehab', 'lawyers', 'forensics', 'publicity'];
const sentimentsPool = ['neutral', 'neutral', 'neutral', 'neutral', 'positive', 'positive', 'negative'];
const levels = ['blue', 'blue', 'yellow', 'yellow', 'orange', 'red'];

async function seedDatabase(): Promise<void> {
  await migrateLatest(db);
  const sources = new SourceStore(db);
  const sourceIds: number[] = [];
  for (const [i, name] of outlets.entries()) sourceIds.push((await sources.create({ name, kind: 'rss', url: `http://s${i}.example.cn/feed`, config: {}, schedule: '*/10 * * * *', weight: 1, enabled: true }, now)).id);
  const rules = new RulesStore(db);
  for (const [i, key] of topicKeys.entries()) await rules.createTopic({ key, name: subjects[i]! }, now);

  const qStart = Date.parse('2026-10-01T00:00:00+08:00');
  const qSpan = Date.parse('2027-01-01T00:00:00+08:00') - qStart;
  const stories = Math.ceil(TOTAL / 2);
  const t0 = performance.now();
  const iso = new Date(qStart).toISOString();
  await bulkInsert('stories', stories, (i) => ({ title: `报道${i}`, simhash: (i + 1).toString(16).padStart(16, '0'), mention_count: 2, first_seen_at: iso, last_seen_at: iso }));
  await bulkInsert('mentions', TOTAL, (i) => {
    const subject = pick(subjects);
    const title = `${pick(places)}${subject}${pick(verbs)}工作第${i}期`;
    const body = `${pick(places)}市司法局${pick(verbs)}${subject}相关工作，群众反映${pick(subjects)}办理情况良好，下一步将继续${pick(verbs)}。`;
    const at = new Date(qStart + Math.floor(random() * qSpan)).toISOString();
    return {
      source_id: pick(sourceIds),
      story_id: 1 + (i >> 1),
      url: `http://m.example.cn/${i}.html`,
      canonical_url: `http://m.example.cn/${i}.html`,
      title,
      title_original: title,
      body,
      body_original: body,
      published_at: at,
      published_at_estimated: 0,
      collected_at: at,
      simhash: i.toString(16).padStart(16, '0'),
      url_key: `u${i}`,
      content_key: `c${i}`,
    };
  });
  await bulkInsert('classifications', TOTAL, (i) => {
    const flagged = random() < 0.08;
    const withTopics = random() < 0.15;
    return {
      mention_id: i + 1,
      flagged: flagged ? 1 : 0,
      level: flagged ? pick(levels) : null,
      topics: withTopics ? JSON.stringify(random() < 0.3 ? [pick(topicKeys), pick(topicKeys)] : [pick(topicKeys)]) : '[]',
      places: '[]',
      sentiment: pick(sentimentsPool),
      sentiment_score: Math.round(random() * 1000) / 1000,
      explanation: '{}',
      classified_at: now.toISOString(),
    };
  });
  process.stderr.write(`seeded ${TOTAL} mentions, ${stories} stories and ${TOTAL} classifications in ${((performance.now() - t0) / 1000).toFixed(1)} s\n`);
}

const dbFile = path.join(dir, 'huiying.db');
try {
  await seedDatabase();
  const events = new EventBus(() => {});
  const mentions = new MentionStore(db);
  const pressStore = new PressStore(db);
  const press = new PressService({ store: pressStore, mentions, events, clock });
  await press.replaceQuotaRules(loadQuotaRules());
  const event = (e: Pick<PressEventInput, 'kind' | 'title' | 'start' | 'status' | 'keywords' | 'speakers'>): PressEventInput => ({ organiser: '', location: '', topics: [], materials: [], notes: '', coverageDays: 7, ...e });
  const conferences: [string, string, string[]][] = [
    ['全省法律援助工作新闻发布会', '2026-10-20T10:00:00+08:00', ['法律援助']],
    ['公证服务便民举措吹风会', '2026-11-05T15:00:00+08:00', ['公证服务']],
    ['人民调解工作新闻发布会', '2026-11-26T10:00:00+08:00', ['人民调解']],
    ['社区矫正工作吹风会', '2026-12-10T10:00:00+08:00', ['社区矫正']],
    ['年度法治政府建设新闻发布会', '2026-12-28T10:00:00+08:00', []],
  ];
  for (const [i, [title, start, keywords]] of conferences.entries()) {
    await pressStore.saveEvent(event({ kind: i % 2 ? 'briefing' : 'own-conference', title, start: new Date(start), status: 'held', keywords, speakers: [{ name: '李明', role: i === 0 ? 'head' : 'spokesperson' }] }), now);
  }
  await pressStore.saveEvent(event({ kind: 'provincial-conference', title: '省政府新闻办发布会', start: new Date('2026-12-18T10:00:00+08:00'), status: 'held', keywords: [], speakers: [{ name: '张伟', role: 'leader' }] }), now);
  const policyStore = new PolicyStore(db);
  for (let i = 0; i < 12; i++) await policyStore.save({ title: `关于${subjects[i]}工作的实施办法`, number: `赣司发〔2026〕${40 + i}号`, draftingDepartment: '', releasedOn: `2026-${String(10 + (i % 3)).padStart(2, '0')}-${String(5 + i).padStart(2, '0')}`, url: '' }, now);
  const policy = new PolicyService({ store: policyStore, mentions, clock });
  const service = new ReportService({ press, policy, store: new ReportStore(db), mentions, clock });
  const size = fs.statSync(dbFile).size + (fs.existsSync(`${dbFile}-wal`) ? fs.statSync(`${dbFile}-wal`).size : 0);
  console.log(`${TOTAL} mentions stored (database ${(size / 1024 ** 2).toFixed(0)} MB); quarterly report 2026Q4`);

  const runs: { build: number; html: number; xlsx: number; total: number }[] = [];
  let bytes = { html: 0, xlsx: 0 };
  for (let round = 0; round < 3; round++) {
    const t0 = performance.now();
    const model = await service.build('2026Q4');
    const t1 = performance.now();
    const html = renderReportHtml(model);
    const t2 = performance.now();
    const xlsx = await renderReportXlsx(model);
    const t3 = performance.now();
    bytes = { html: Buffer.byteLength(html), xlsx: xlsx.length };
    runs.push({ build: t1 - t0, html: t2 - t1, xlsx: t3 - t2, total: t3 - t0 });
    if (round === 0) console.log(`  model: ${model.mentions.total} mentions, ${model.mentions.flagged} flagged, ${model.conferences.length} conferences (coverage ${model.conferences.map((c) => c.coverage.summary.mentions).join('/')}), ${model.quota.length} quota rows, ${model.mentions.topics.length} topics`);
  }
  const fmt = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  for (const [i, r] of runs.entries()) console.log(`  run ${i + 1}: build ${fmt(r.build)} + HTML ${fmt(r.html)} + XLSX ${fmt(r.xlsx)} = ${fmt(r.total)}`);
  const best = [...runs].sort((a, b) => a.total - b.total)[1]!;
  console.log(`report (model + HTML ${(bytes.html / 1024).toFixed(0)} KB + XLSX ${(bytes.xlsx / 1024).toFixed(0)} KB): median ${fmt(best.total)} (floor 5 s) ${best.total < 5000 ? 'OK' : 'TOO SLOW'}`);
} finally {
  await db.destroy();
  if (process.env.BENCH_KEEP !== '1') fs.rmSync(dir, { recursive: true, force: true });
  else console.log(`kept ${dir}`);
}
