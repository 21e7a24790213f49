import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { UserStore } from '../src/auth/user.store.ts';
import { UsersService } from '../src/auth/users.service.ts';
import { systemClock } from '../src/shared/clock.ts';
import { createTestDb, type TestDb } from './helpers/db.ts';
import { rss, startHttpServer, type TestServer } from './helpers/http-server.ts';
import { runCli } from './helpers/cli.ts';

let db: TestDb;
let server: TestServer;
let env: Record<string, string>;
beforeAll(async () => {
  db = await createTestDb();
  env = { ...db.env, HUIYING_FETCH_ALLOW: '127.0.0.1' };
  server = await startHttpServer((req, res) => {
    if (req.url === '/broken.xml') {
      res.writeHead(500);
      return res.end();
    }
    res.writeHead(200, { 'content-type': 'application/rss+xml' });
    res.end(
      rss([
        { title: '省司法厅发布年度法律援助典型案例', link: 'http://cli.example.cn/1.html', description: '案例涉及农民工讨薪、工伤赔偿，"引号",逗号', pubDate: 'Fri, 27 Nov 2026 09:00:00 +0800' },
        { title: '=HYPERLINK("http://evil")', link: 'http://cli.example.cn/2.html', description: '第二条\n多行', pubDate: 'Sat, 28 Nov 2026 09:00:00 +0800' },
      ]),
    );
  });
});
afterAll(async () => {
  await server?.close();
  await db?.close();
});

describe('huiying command line', () => {
  it('migrate reports the database up to date', async () => {
    const r = await runCli(['migrate'], env);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('up to date');
  });

  it('users add prints a generated password that logs in', async () => {
    const r = await runCli(['users', 'add', '--name', 'zhangsan', '--role', 'duty'], env);
    expect(r.code, r.stderr).toBe(0);
    const password = /password: (\S+)/.exec(r.stdout)?.[1];
    expect(password).toHaveLength(20);
    const user = await new UsersService(new UserStore(db.db), systemClock).authenticate('zhangsan', password!);
    expect(user.role).toBe('duty');
    const bad = await runCli(['users', 'add', '--name', 'lisi', '--role', 'emperor'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('emperor');
  });

  it('users list, set and reset-password manage accounts, keeping an enabled administrator', async () => {
    const added = await runCli(['users', 'add', '--name', 'ops.admin', '--role', 'admin'], env);
    expect(added.code, added.stderr).toBe(0);
    const disabled = await runCli(['users', 'set', '--name', 'zhangsan', '--disable', '--role', 'staff', '--display-name', '张三'], env);
    expect(disabled.code, disabled.stderr).toBe(0);
    expect(disabled.stdout).toContain('zhangsan: staff, disabled, 张三');
    const list = await runCli(['users', 'list'], env);
    expect(list.stdout).toMatch(/zhangsan\s+staff\s+disabled\s+\d{4}-\d\d-\d\d \d\d:\d\dZ\s+张三 · 宣传处工作人员/);
    expect(list.stdout).toMatch(/ops\.admin\s+admin\s+enabled\s+never\s/);

    const reset = await runCli(['users', 'reset-password', '--name', 'zhangsan'], env);
    expect(reset.code, reset.stderr).toBe(0);
    const password = /new password for zhangsan: (\S+)/.exec(reset.stdout)?.[1];
    await runCli(['users', 'set', '--name', 'zhangsan', '--enable'], env);
    const user = await new UsersService(new UserStore(db.db), systemClock).authenticate('zhangsan', password!);
    expect(user.displayName).toBe('张三');

    // Only the administrators this file made exist; the last enabled one cannot go.
    const admins = list.stdout.split('\n').filter((line) => /\sadmin\s+enabled/.test(line)).map((line) => line.split(/\s+/)[0]!);
    for (const name of admins.slice(1)) expect((await runCli(['users', 'set', '--name', name, '--disable'], env)).code).toBe(0);
    const last = await runCli(['users', 'set', '--name', admins[0]!, '--role', 'duty'], env);
    expect(last.code).toBe(1);
    expect(last.stderr).toContain('last enabled administrator');
    expect((await runCli(['users', 'set', '--name', 'nobody', '--enable'], env)).stderr).toContain('no user nobody');
    expect((await runCli(['users', 'set', '--name', 'zhangsan'], env)).stderr).toContain('nothing to change');
  });

  it('sources add validates, sources list shows status, collect --once reports each source', async () => {
    const invalid = await runCli(['sources', 'add', '--kind', 'rss', '--url', `${server.url}/x.xml`, '--schedule', '99 * * * *'], env);
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toContain('schedule');
    const added = await runCli(['sources', 'add', '--kind', 'rss', '--url', `${server.url}/good.xml`, '--name', '好源'], env);
    expect(added.code, added.stderr).toBe(0);
    expect((await runCli(['sources', 'add', '--kind', 'rss', '--url', `${server.url}/broken.xml`], env)).code).toBe(0);
    const htmlMissing = await runCli(['sources', 'add', '--kind', 'html', '--url', `${server.url}/list.html`], env);
    expect(htmlMissing.code).toBe(1);
    expect(htmlMissing.stderr).toContain('selectors');

    const collect = await runCli(['collect', '--once'], env);
    expect(collect.code, collect.stderr).toBe(0);
    expect(collect.stdout).toMatch(/\[\d\/2\] #\d+ 好源: ok, 2 items, 2 new/);
    expect(collect.stdout).toMatch(/FAILED http_5xx/);
    expect(collect.stdout).toContain('done: 2 sources, 2 new mentions, 1 failed');

    const list = await runCli(['sources', 'list', '--json'], env);
    const sources = JSON.parse(list.stdout) as Array<{ name: string; status: string; lastErrorCode: string | null; itemsTotal: number }>;
    expect(sources.map((s) => [s.name, s.status, s.lastErrorCode, s.itemsTotal])).toEqual([
      ['好源', 'ok', null, 2],
      [`127.0.0.1:${server.port}`, 'error', 'http_5xx', 0],
    ]);
    const text = await runCli(['sources', 'list'], env);
    expect(text.stdout).toContain('last error: http_5xx');

    const one = await runCli(['collect', '--once', '--source', '1'], env);
    expect(one.stdout).toContain('[1/1]');
    expect((await runCli(['collect', '--once', '--source', '999'], env)).code).toBe(1);
    expect((await runCli(['collect'], env)).code).toBe(1);
    // Eleven command-line processes at ~2 s each: more than the default 30 s on a busy machine.
  }, 90_000);

  it('mentions export writes JSONL and CSV with every field', async () => {
    const jsonl = await runCli(['mentions', 'export', '--format', 'jsonl'], env);
    expect(jsonl.code, jsonl.stderr).toBe(0);
    const rows = jsonl.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(rows).toHaveLength(2);
    expect(rows[0]).toMatchObject({ source: '好源', url: 'http://cli.example.cn/1.html', title: '省司法厅发布年度法律援助典型案例', publishedAt: '2026-11-27T01:00:00.000Z', repostCount: 0 });
    expect(Object.keys(rows[0])).toEqual(['id', 'sourceId', 'source', 'url', 'title', 'text', 'publishedAt', 'publishedAtEstimated', 'collectedAt', 'storyId', 'repostCount']);

    const since = await runCli(['mentions', 'export', '--format', 'jsonl', '--since', '2999-01-01T00:00:00Z'], env);
    expect(since.stdout).toBe('');
    expect((await runCli(['mentions', 'export', '--format', 'jsonl', '--since', 'yesterday'], env)).code).toBe(1);

    const file = path.join(db.dataDir, 'out.csv');
    const csv = await runCli(['mentions', 'export', '--format', 'csv', '--out', file], env);
    expect(csv.code, csv.stderr).toBe(0);
    const content = fs.readFileSync(file, 'utf8');
    expect(content.startsWith('\uFEFFid,sourceId,source,url,title,text,')).toBe(true);
    expect(content).toContain('"案例涉及农民工讨薪、工伤赔偿，""引号"",逗号"');
    expect(content).toContain(`"'=HYPERLINK(""http://evil"")"`);
    expect(content.split('\r\n').filter(Boolean)).toHaveLength(3);
  });
});
