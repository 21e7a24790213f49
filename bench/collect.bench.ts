/**
 * npm run bench:collect — end-to-end collection throughput.
 *
 * A loopback server serves 200 RSS feeds of 50 synthetic Chinese items (~300 characters each). The
 * real app (SQLite in a temp folder, real egress, real Socket.io) collects all of them while a
 * logged-in Socket.io client counts the mentions broadcast to the board. Reported: items/s from the
 * first fetch to the last broadcast item received, and peak RSS.
 */
import fs from 'node:fs';
import inspector from 'node:inspector/promises';
import os from 'node:os';
import path from 'node:path';
import { io as connect } from 'socket.io-client';
import { buildApp } from '../src/app.ts';
import { loadConfig } from '../src/config/config.ts';
import { openDb } from '../src/db/knex.ts';
import { migrateLatest } from '../src/db/migrate.ts';
import { startSyntheticFeedServer } from '../src/demo/index.ts';
import { systemClock } from '../src/shared/clock.ts';
import { silentLogger } from '../src/shared/logger.ts';

const FEEDS = Number(process.env.BENCH_FEEDS ?? 200);
const ITEMS = Number(process.env.BENCH_ITEMS ?? 50);

let peakRss = 0;
const sampler = setInterval(() => {
  peakRss = Math.max(peakRss, process.memoryUsage().rss);
}, 20);

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huiying-bench-'));
const feeds = await startSyntheticFeedServer({ feeds: FEEDS, itemsPerFeed: ITEMS });
const config = loadConfig({
  HUIYING_DATA_DIR: dataDir,
  HUIYING_FETCH_ALLOW: '127.0.0.1',
  HUIYING_FETCH_PER_HOST: '8',
  HUIYING_COLLECT_CONCURRENCY: process.env.HUIYING_COLLECT_CONCURRENCY ?? '8',
  HUIYING_COLLECT_WORKERS: process.env.HUIYING_COLLECT_WORKERS ?? 'auto',
  HUIYING_LOG_LEVEL: 'silent',
});
const db = openDb({ client: 'sqlite', filename: path.join(dataDir, 'huiying.db') });
await migrateLatest(db);
const app = buildApp({ config, db, clock: systemClock, logger: silentLogger });
const port = await app.listen(0, '127.0.0.1');
const { password } = await app.services.users.createUser({ username: 'bench', role: 'staff' });
const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
  method: 'POST',
  headers: { 'content-type': 'application/json' },
  body: JSON.stringify({ username: 'bench', password }),
});
const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
const socket = connect(`http://127.0.0.1:${port}`, { transports: ['websocket'], extraHeaders: { cookie } });
await new Promise<void>((resolve, reject) => {
  socket.on('connect', () => resolve());
  socket.on('connect_error', reject);
});

for (const [i, url] of feeds.urls.entries()) {
  await app.stores.sources.create({ name: `bench ${i}`, kind: 'rss', url, config: {}, schedule: '*/10 * * * *', weight: 1, enabled: true }, new Date());
}

// A server warms its normalisation workers at start; so does the benchmark, before the clock starts.
await app.processor.warmUp();

const expected = FEEDS * ITEMS;
let received = 0;
const allReceived = new Promise<void>((resolve) => {
  socket.on('mention.collected', ({ mentions }: { mentions: unknown[] }) => {
    received += mentions.length;
    if (received >= expected) resolve();
  });
});

// BENCH_PROFILE=file.cpuprofile records the main thread's CPU profile of the timed part only.
const profiler = process.env.BENCH_PROFILE ? new inspector.Session() : null;
if (profiler) {
  profiler.connect();
  await profiler.post('Profiler.enable');
  await profiler.post('Profiler.start');
}

console.log(`collecting ${FEEDS} feeds × ${ITEMS} items …`);
const started = performance.now();
const cpuBefore = process.cpuUsage();
let done = 0;
const results = await app.collector.collectDue(() => {
  done++;
  if (done % 50 === 0) console.log(`  ${done}/${FEEDS} sources`);
});
const stored = results.reduce((n, r) => n + r.itemsNew, 0);
await Promise.race([allReceived, new Promise((resolve) => setTimeout(resolve, 10_000))]);
const seconds = (performance.now() - started) / 1000;
const cpu = process.cpuUsage(cpuBefore);
clearInterval(sampler);

if (profiler) {
  const { profile } = await profiler.post('Profiler.stop');
  fs.writeFileSync(process.env.BENCH_PROFILE!, JSON.stringify(profile));
  profiler.disconnect();
}

const failed = results.filter((r) => r.outcome !== 'ok');
console.log(`stored ${stored}/${expected} items, broadcast ${received}, ${failed.length} sources not ok`);
console.log(`elapsed ${seconds.toFixed(2)} s → ${Math.round(stored / seconds)} items/s end to end`);
console.log(`CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s on all threads (user ${(cpu.user / 1e6).toFixed(2)}, system ${(cpu.system / 1e6).toFixed(2)})`);
console.log(`peak RSS ${(Math.max(peakRss, process.resourceUsage().maxRSS * 1024) / 1024 / 1024).toFixed(0)} MB`);

socket.close();
await app.close();
await db.destroy();
await feeds.close();
fs.rmSync(dataDir, { recursive: true, force: true });
if (stored !== expected || received < expected) process.exit(1);
