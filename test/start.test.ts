import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '..');

function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huiying-start-'));
afterAll(() => fs.rmSync(dataDir, { recursive: true, force: true }));

describe('npm start on a fresh data folder', () => {
  it('migrates, prints the admin password once, serves the demo and fills the board', async () => {
    const [port, demoPort] = [await freePort(), await freePort()];
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '/tmp',
      PORT: String(port),
      HUIYING_DATA_DIR: dataDir,
      HUIYING_DEMO_PORT: String(demoPort),
      HUIYING_LOG_LEVEL: 'warn',
    };
    const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stdout += d.toString()));
    try {
      const base = `http://127.0.0.1:${port}`;
      const deadline = Date.now() + 30_000;
      while (!/密码 password:\s+(\S+)/.test(stdout) || !stdout.includes(`:${port}/`)) {
        if (Date.now() > deadline) throw new Error(`server did not start:\n${stdout}`);
        await new Promise((r) => setTimeout(r, 100));
      }
      const password = /密码 password:\s+(\S+)/.exec(stdout)![1]!;
      expect((await fetch(`${base}/api/health`)).status).toBe(200);
      const login = await fetch(`${base}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username: 'admin', password }),
      });
      expect(login.status).toBe(200);
      const cookie = login.headers.get('set-cookie')!.split(';')[0]!;

      let mentions: Array<{ title: string; sourceName: string }> = [];
      while (mentions.length < 10) {
        if (Date.now() > deadline + 30_000) throw new Error(`board stayed empty:\n${stdout}`);
        await new Promise((r) => setTimeout(r, 250));
        mentions = (await (await fetch(`${base}/api/mentions?limit=200`, { headers: { cookie } })).json()).mentions;
      }
      const sources = (await (await fetch(`${base}/api/sources`, { headers: { cookie } })).json()).sources as Array<{ kind: string; demo: boolean; status: string }>;
      expect(new Set(sources.map((s) => s.kind))).toEqual(new Set(['rss', 'html', 'json']));
      expect(sources.every((s) => s.demo)).toBe(true);
      expect(mentions.some((m) => /[\u4e00-\u9fff]/.test(m.title))).toBe(true);

      // Once the demo's past is stored, its starter models are trained and made active.
      type Model = { task: string; active: boolean; trainingSet: { name: string } };
      let models: Model[] = [];
      const modelsDeadline = Date.now() + 150_000;
      while (models.length < 3) {
        if (Date.now() > modelsDeadline) throw new Error(`no demo models:\n${stdout}`);
        await new Promise((r) => setTimeout(r, 500));
        models = (await (await fetch(`${base}/api/models`, { headers: { cookie } })).json()).models;
      }
      expect(models.map((m) => `${m.task} ${m.active} ${m.trainingSet.name}`).sort()).toEqual(['needs-response true 演示数据（合成）', 'sentiment true 演示数据（合成）', 'topic true 演示数据（合成）']);
    } finally {
      child.kill('SIGTERM');
      const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
      expect(code, stdout).toBe(0);
    }

    // Second start on the same folder: no new admin password.
    const again = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts'], { cwd: root, env: { PATH: process.env.PATH ?? '', PORT: String(port), HUIYING_DATA_DIR: dataDir, HUIYING_DEMO_PORT: String(demoPort), HUIYING_JOBS: '0', HUIYING_LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    again.stdout.on('data', (d: Buffer) => (out += d.toString()));
    again.stderr.on('data', (d: Buffer) => (out += d.toString()));
    const secondDeadline = Date.now() + 30_000;
    while (!out.includes(`:${port}/`)) {
      if (Date.now() > secondDeadline) throw new Error(`second start did not listen:\n${out}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(out).not.toContain('password');
    again.kill('SIGTERM');
    await new Promise((resolve) => again.on('close', resolve));
  }, 300_000);
});
