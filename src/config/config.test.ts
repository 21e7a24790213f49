import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has working defaults: port 3000, SQLite in ./data, Asia/Shanghai, demo on', () => {
    const c = loadConfig({}, '/srv/huiying');
    expect(c.port).toBe(3000);
    expect(c.dataDir).toBe(path.resolve('/srv/huiying/data'));
    expect(c.databaseUrl).toBeUndefined();
    expect(c.timeZone).toBe('Asia/Shanghai');
    expect(c.demo).toEqual({ enabled: true, port: 3900 });
    expect(c.fetch.maxBytes).toBe(5 * 1024 * 1024);
    expect(c.fetch.maxRedirects).toBe(5);
    expect(c.fetch.allow).toEqual([]);
  });

  it('reads the environment', () => {
    const c = loadConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://root@127.0.0.1:5432/test',
      HUIYING_FETCH_ALLOW: '127.0.0.1, localhost ,10.0.0.0/8',
      HUIYING_DEMO: 'off',
      HUIYING_TIME_ZONE: 'UTC',
    });
    expect(c.port).toBe(8080);
    expect(c.databaseUrl).toBe('postgres://root@127.0.0.1:5432/test');
    expect(c.fetch.allow).toEqual(['127.0.0.1', 'localhost', '10.0.0.0/8']);
    expect(c.demo.enabled).toBe(false);
    expect(c.timeZone).toBe('UTC');
  });

  it('sizes the collection workers from the cores unless told', () => {
    expect(loadConfig({}).collection.workers).toBe(Math.max(1, os.availableParallelism() - 1));
    expect(loadConfig({ HUIYING_COLLECT_WORKERS: '0' }).collection.workers).toBe(0);
    expect(loadConfig({ HUIYING_COLLECT_WORKERS: '3' }).collection.workers).toBe(3);
    expect(() => loadConfig({ HUIYING_COLLECT_WORKERS: 'many' })).toThrow(/HUIYING_COLLECT_WORKERS/);
  });

  it('reads the warning-level thresholds and checks they are in order', () => {
    expect(loadConfig({}).levels).toEqual({ modelFlag: 0.8, modelHigh: 0.95, modelCalm: 0.1, negative: 0.8, weight: 1.5, reposts: 10, viral: 50 });
    expect(loadConfig({ HUIYING_LEVEL_MODEL_FLAG: '0.7', HUIYING_LEVEL_VIRAL: '100' }).levels).toMatchObject({ modelFlag: 0.7, viral: 100 });
    expect(() => loadConfig({ HUIYING_LEVEL_MODEL_FLAG: '1.5' })).toThrow(/HUIYING_LEVEL_MODEL_FLAG/);
    expect(() => loadConfig({ HUIYING_LEVEL_MODEL_HIGH: '0.5', HUIYING_LEVEL_REPOSTS: '60' })).toThrow(/MODEL_HIGH[\s\S]*VIRAL/);
    expect(() => loadConfig({ HUIYING_LEVEL_MODEL_CALM: '0.8' })).toThrow(/HUIYING_LEVEL_MODEL_CALM: must be below HUIYING_LEVEL_MODEL_FLAG/);
    expect(loadConfig({ HUIYING_LEVEL_MODEL_CALM: '0' }).levels.modelCalm).toBe(0);
  });

  it('reads the quota lead days per period', () => {
    expect(loadConfig({}).quota).toEqual({ leadDays: { quarter: 30, half: 45, year: 60 } });
    expect(loadConfig({ HUIYING_QUOTA_LEAD_DAYS: '20,40,90' }).quota.leadDays).toEqual({ quarter: 20, half: 40, year: 90 });
    expect(() => loadConfig({ HUIYING_QUOTA_LEAD_DAYS: '30' })).toThrow(/HUIYING_QUOTA_LEAD_DAYS/);
  });

  it('lists every problem at once', () => {
    let error: unknown;
    try {
      loadConfig({ PORT: 'eighty', DATABASE_URL: 'mysql://x', HUIYING_TIME_ZONE: 'Mars/Olympus', HUIYING_DEMO: 'maybe' });
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems.join('\n');
    expect(problems).toContain('PORT');
    expect(problems).toContain('DATABASE_URL');
    expect(problems).toContain('HUIYING_TIME_ZONE');
    expect(problems).toContain('HUIYING_DEMO');
    expect((error as ConfigError).problems).toHaveLength(4);
  });

  it('rejects a malformed fetch allow-list entry', () => {
    expect(() => loadConfig({ HUIYING_FETCH_ALLOW: '10.0.0.0/33' })).toThrow(/HUIYING_FETCH_ALLOW.*CIDR/);
    expect(() => loadConfig({ HUIYING_FETCH_ALLOW: '127.0.0.1:0' })).toThrow(/invalid port/);
  });
});
