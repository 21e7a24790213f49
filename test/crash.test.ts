import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SourceStore } from '../src/collection/source.store.ts';
import { createTestDb, type TestDb } from './helpers/db.ts';
import { rss, startHttpServer, type TestServer } from './helpers/http-server.ts';
import { runCli, spawnCli } from './helpers/cli.ts';

const FEEDS = 40;
const ITEMS = 50;

let db: TestDb;
let server: TestServer;
beforeAll(async () => {
  db = await createTestDb();
  server = await startHttpServer((req, res) => {
    const n = Number(/\/feed-(\d+)\.xml/.exec(req.url ?? '')?.[1] ?? 0);
    const doc = rss(
      Array.from({ length: ITEMS }, (_, i) => ({
        title: `第${n}号信息源的第${i}条新闻：省司法厅部署冬季安全生产检查`,
        link: `http://crash.example.cn/${n}/${i}.html`,
        description: `正文${n}-${i}：各监狱、戒毒所要全面排查消防、用电和冬季取暖隐患，落实值班值守制度。编号${n * 1000 + i}`,
        pubDate: new Date(Date.UTC(2026, 10, 27, 0, i)).toUTCString(),
      })),
    );
    // Later feeds answer more slowly, so the process is killed in the middle of the run.
    setTimeout(() => {
      res.writeHead(200, { 'content-type': 'application/rss+xml' });
      res.end(doc);
    }, 20 * (n % 10));
  });
  const store = new SourceStore(db.db);
  for (let n = 0; n < FEEDS; n++) {
    await store.create({ name: `feed ${n}`, kind: 'rss', url: `${server.url}/feed-${n}.xml`, config: {}, schedule: '*/10 * * * *', weight: 1, enabled: true }, new Date());
  }
});
afterAll(async () => {
  await server?.close();
  await db?.close();
});

describe('kill -9 in the middle of a collection', () => {
  it('loses nothing committed and duplicates nothing when run again', async () => {
    const env = { ...db.env, HUIYING_FETCH_ALLOW: '127.0.0.1', HUIYING_COLLECT_CONCURRENCY: '4' };
    const child = spawnCli(['collect', '--once'], env);
    let progress = 0;
    await new Promise<void>((resolve, reject) => {
      child.stdout!.on('data', (d: Buffer) => {
        progress += (d.toString().match(/^\[\d+\/\d+\]/gm) ?? []).length;
        if (progress >= 5) resolve();
      });
      child.on('close', () => reject(new Error('the collection finished before it could be killed')));
    });
    child.kill('SIGKILL');
    const exit = await new Promise<NodeJS.Signals | null>((resolve) => child.on('close', (_c, s) => resolve(s)));
    expect(exit).toBe('SIGKILL');

    const afterKill = Number((await db.db('mentions').count({ n: '*' }).first())!.n);
    expect(afterKill).toBeGreaterThanOrEqual(5 * ITEMS);
    expect(afterKill).toBeLessThan(FEEDS * ITEMS);
    // Whole batches only: a feed's items are committed together or not at all.
    const perSource = await db.db('mentions').select('source_id').count({ n: '*' }).groupBy('source_id');
    for (const row of perSource) expect(Number(row.n)).toBe(ITEMS);

    const rerun = await runCli(['collect', '--once'], env);
    expect(rerun.code).toBe(0);
    expect(rerun.stdout).toContain(`[${FEEDS}/${FEEDS}]`);
    expect(rerun.stdout).not.toContain('skipped');

    const total = Number((await db.db('mentions').count({ n: '*' }).first())!.n);
    expect(total).toBe(FEEDS * ITEMS);
    const distinct = Number((await db.db('mentions').countDistinct({ n: 'url' }).first())!.n);
    expect(distinct).toBe(FEEDS * ITEMS);
    const orphanStories = await db.db('stories').whereNotExists(db.db('mentions').whereRaw('mentions.story_id = stories.id')).count({ n: '*' }).first();
    expect(Number(orphanStories!.n)).toBe(0);
  }, 120_000);
});
