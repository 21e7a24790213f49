import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { randomBytes } from 'node:crypto';
import knexFactory from 'knex';
import { openDb, type Db } from '../../src/db/knex.ts';
import { migrateLatest } from '../../src/db/migrate.ts';

/**
 * A fresh, migrated database for one test file: a SQLite file in a temp folder by default, or a
 * new schema in the PostgreSQL named by TEST_DATABASE_URL (so the whole suite runs on both).
 */
export interface TestDb {
  db: Db;
  kind: 'sqlite' | 'pg';
  /** The SQLite file, or the PostgreSQL connection string and schema, for child processes. */
  env: Record<string, string>;
  dataDir: string;
  /** Another connection (pool) to the same database, as a second process would have; closed with the rest. */
  connect(): Db;
  close(): Promise<void>;
}

/** Creates an empty, migrated test database. */
export async function createTestDb(options: { migrate?: boolean } = {}): Promise<TestDb> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'huiying-test-'));
  const pgUrl = process.env.TEST_DATABASE_URL;
  if (pgUrl) {
    const schema = `t_${randomBytes(6).toString('hex')}`;
    const admin = knexFactory({ client: 'pg', connection: pgUrl });
    await admin.raw(`create schema ${schema}`);
    await admin.destroy();
    const db = openDb({ client: 'pg', connectionString: pgUrl, searchPath: schema });
    if (options.migrate !== false) await migrateLatest(db);
    const others: Db[] = [];
    const url = new URL(pgUrl);
    url.searchParams.set('options', `-c search_path=${schema}`);
    return {
      db,
      kind: 'pg',
      dataDir,
      env: { DATABASE_URL: url.toString(), HUIYING_DATA_DIR: dataDir },
      connect() {
        const other = openDb({ client: 'pg', connectionString: pgUrl, searchPath: schema });
        others.push(other);
        return other;
      },
      async close() {
        await Promise.all(others.map((o) => o.destroy()));
        await db.destroy();
        const cleanup = knexFactory({ client: 'pg', connection: pgUrl });
        await cleanup.raw(`drop schema if exists ${schema} cascade`);
        await cleanup.destroy();
        fs.rmSync(dataDir, { recursive: true, force: true });
      },
    };
  }
  const filename = path.join(dataDir, 'huiying.db');
  const db = openDb({ client: 'sqlite', filename });
  if (options.migrate !== false) await migrateLatest(db);
  const others: Db[] = [];
  return {
    db,
    kind: 'sqlite',
    dataDir,
    env: { HUIYING_DATA_DIR: dataDir },
    connect() {
      const other = openDb({ client: 'sqlite', filename });
      others.push(other);
      return other;
    },
    async close() {
      await Promise.all(others.map((o) => o.destroy()));
      await db.destroy();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
