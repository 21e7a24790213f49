import { buildApp, type HuiyingApp } from '../../src/app.ts';
import type { Role } from '../../src/auth/policy.ts';
import type { RefreshResult } from '../../src/collection/collector.ts';
import { toSourceView, type SourceView } from '../../src/collection/source.ts';
import type { SourceInput } from '../../src/collection/source.store.ts';
import { loadConfig } from '../../src/config/config.ts';
import { systemClock, type Clock } from '../../src/shared/clock.ts';
import { silentLogger } from '../../src/shared/logger.ts';
import { createTestDb, type TestDb } from './db.ts';

export interface TestApp {
  app: HuiyingApp;
  testDb: TestDb;
  baseUrl: string;
  /** Creates a user with the role; returns the credentials. */
  createUser(role: Role): Promise<{ username: string; password: string }>;
  /** Logs in through the real API; returns the session cookie ("huiying.sid=…"). */
  login(role: Role): Promise<string>;
  addSource(input: Partial<SourceInput> & Pick<SourceInput, 'kind' | 'url'>): Promise<SourceView>;
  collect(sourceId: number): Promise<RefreshResult>;
  close(): Promise<void>;
}

let userCounter = 0;

/**
 * The real app on a fresh test database, listening on 127.0.0.1 with an ephemeral port. Jobs and
 * the demo are off; loopback may be fetched (the test servers live there).
 */
export async function startTestApp(
  options: {
    env?: Record<string, string>;
    clock?: Clock;
    loginLimit?: { windowMs: number; limit: number };
    calendarFeedLimit?: { windowMs: number; limit: number };
    sessionSweepMs?: number;
  } = {},
): Promise<TestApp> {
  const testDb = await createTestDb();
  const config = loadConfig({
    HUIYING_DATA_DIR: testDb.dataDir,
    HUIYING_JOBS: '0',
    HUIYING_DEMO: '0',
    HUIYING_FETCH_ALLOW: '127.0.0.1,localhost',
    HUIYING_LOG_LEVEL: 'silent',
    HUIYING_FETCH_TIMEOUT_MS: '5000',
    ...options.env,
  });
  const app = buildApp({ config, db: testDb.db, clock: options.clock ?? systemClock, logger: silentLogger, loginLimit: options.loginLimit, calendarFeedLimit: options.calendarFeedLimit, sessionSweepMs: options.sessionSweepMs });
  const port = await app.listen(0, '127.0.0.1');
  const baseUrl = `http://127.0.0.1:${port}`;

  const createUser = async (role: Role) => {
    const username = `${role}${++userCounter}`;
    const { password } = await app.services.users.createUser({ username, role });
    return { username, password };
  };

  return {
    app,
    testDb,
    baseUrl,
    createUser,
    async login(role) {
      const creds = await createUser(role);
      const res = await fetch(`${baseUrl}/api/auth/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(creds),
      });
      if (res.status !== 200) throw new Error(`login failed: ${res.status} ${await res.text()}`);
      const cookie = res.headers.get('set-cookie')?.split(';')[0];
      if (!cookie) throw new Error('login set no cookie');
      return cookie;
    },
    async addSource(input) {
      const source = await app.services.sources.create({
        name: input.name ?? input.url,
        kind: input.kind,
        url: input.url,
        config: input.config ?? {},
        schedule: input.schedule ?? '*/10 * * * *',
        weight: input.weight ?? 1,
        enabled: input.enabled ?? true,
      });
      return toSourceView(source);
    },
    async collect(sourceId) {
      return app.services.sources.fetchNow(sourceId);
    },
    async close() {
      await app.close();
      await testDb.close();
    },
  };
}
