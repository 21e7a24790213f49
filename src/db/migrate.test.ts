import { afterAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../../test/helpers/db.ts';
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
});
