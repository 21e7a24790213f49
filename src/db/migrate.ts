import type { Knex } from 'knex';
import * as m001 from './migrations/001_users_and_sessions.ts';
import * as m002 from './migrations/002_sources.ts';
import * as m003 from './migrations/003_mentions_and_stories.ts';
import * as m004 from './migrations/004_classification.ts';
import * as m005 from './migrations/005_press.ts';
import * as m006 from './migrations/006_mention_publication_index.ts';
import * as m007 from './migrations/007_calendar_subscriptions.ts';
import * as m008 from './migrations/008_accounts.ts';

type Migration = { up(knex: Knex): Promise<void>; down(knex: Knex): Promise<void> };

/**
 * The numbered migrations, in order. Listed explicitly (rather than read from the folder) so they
 * load the same way under tsx, vitest and the CLI.
 */
const migrations: Array<[string, Migration]> = [
  ['001_users_and_sessions', m001],
  ['002_sources', m002],
  ['003_mentions_and_stories', m003],
  ['004_classification', m004],
  ['005_press', m005],
  ['006_mention_publication_index', m006],
  ['007_calendar_subscriptions', m007],
  ['008_accounts', m008],
];

const source: Knex.MigrationSource<[string, Migration]> = {
  getMigrations: async () => migrations,
  getMigrationName: ([name]) => name,
  getMigration: async ([, migration]) => migration,
};

/** Runs every pending migration; returns the names that ran. */
export async function migrateLatest(db: Knex): Promise<string[]> {
  const [, names] = (await db.migrate.latest({ migrationSource: source })) as [number, string[]];
  return names;
}

/** Rolls every migration back (used by the migration test). */
export async function migrateDownAll(db: Knex): Promise<void> {
  await db.migrate.rollback({ migrationSource: source }, true);
}

/** Names of all known migrations, in order. */
export function migrationNames(): string[] {
  return migrations.map(([name]) => name);
}
