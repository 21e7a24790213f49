import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db.ts';
import { isPostgres } from './knex.ts';
import { migrateDownAll, migrateLatest, migrationNames } from './migrate.ts';

describe('migrations', () => {
  let t: TestDb;
  afterAll(async () => t?.close());

  it('run on a fresh database, roll back completely, and run again', async () => {
    t = await createTestDb({ migrate: false });
    expect(await migrateLatest(t.db)).toEqual(migrationNames());
    for (const table of ['users', 'sessions', 'sources', 'collection_runs', 'stories', 'mentions', 'topics', 'rules', 'models', 'classifications', 'labels', 'topic_warnings']) {
      expect(await t.db.schema.hasTable(table)).toBe(true);
    }
    expect(await migrateLatest(t.db)).toEqual([]);
    await migrateDownAll(t.db);
    expect(await t.db.schema.hasTable('mentions')).toBe(false);
    expect(await migrateLatest(t.db)).toEqual(migrationNames());
  });

  it('index mentions by publication time, for reports over a window', async () => {
    const own = await createTestDb();
    const db = own.db;
    const query = `select id from mentions where published_at >= '2026-10-01T00:00:00.000Z' and published_at < '2027-01-01T00:00:00.000Z'`;
    let plan: string;
    if (isPostgres(db)) {
      // An empty table is cheapest to scan whole; forbid that to see whether an index can serve.
      plan = await db.transaction(async (trx) => {
        await trx.raw('set local enable_seqscan = off');
        const r = await trx.raw(`explain ${query}`);
        return (r.rows as { 'QUERY PLAN': string }[]).map((x) => x['QUERY PLAN']).join('\n');
      });
    } else {
      const rows = (await db.raw(`explain query plan ${query}`)) as { detail: string }[];
      plan = rows.map((x) => x.detail).join('\n');
    }
    await own.close();
    expect(plan).toContain('mentions_published_at_index');
  });
});
