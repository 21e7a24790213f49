import fs from 'node:fs';
import path from 'node:path';
import knexFactory, { type Knex } from 'knex';
import pg from 'pg';

export type Db = Knex;

// PostgreSQL int8 (count(*), bigint ids) arrives as a string by default; our ids and counts fit in
// a double, so read them as numbers, as SQLite does.
pg.types.setTypeParser(20, (v) => Number.parseInt(v, 10));

export type DbTarget =
  | { client: 'sqlite'; filename: string }
  | { client: 'pg'; connectionString: string; searchPath?: string };

/** Chooses the database from the configuration: PostgreSQL when DATABASE_URL is set, else SQLite in dataDir. */
export function dbTargetFromConfig(config: { databaseUrl: string | undefined; dataDir: string }): DbTarget {
  if (config.databaseUrl) return { client: 'pg', connectionString: config.databaseUrl };
  return { client: 'sqlite', filename: path.join(config.dataDir, 'huiying.db') };
}

/** Opens a knex instance. SQLite runs with WAL, a busy timeout, foreign keys and a single connection (one writer). */
export function openDb(target: DbTarget): Db {
  if (target.client === 'pg') {
    return knexFactory({
      client: 'pg',
      connection: { connectionString: target.connectionString },
      searchPath: target.searchPath ? [target.searchPath] : undefined,
      pool: { min: 0, max: 10 },
    });
  }
  fs.mkdirSync(path.dirname(target.filename), { recursive: true });
  return knexFactory({
    client: 'sqlite3',
    connection: { filename: target.filename },
    useNullAsDefault: true,
    // One connection: SQLite has one writer anyway, and a single connection makes transactions
    // simple to reason about (no SQLITE_BUSY between our own connections).
    pool: {
      min: 1,
      max: 1,
      afterCreate(conn: SqliteConnection, done: (err: Error | null, conn: SqliteConnection) => void) {
        conn.serialize(() => {
          conn.run('PRAGMA page_size = 16384');
          conn.run('PRAGMA journal_mode = WAL');
          conn.run('PRAGMA synchronous = NORMAL');
          conn.run('PRAGMA busy_timeout = 10000');
          conn.run('PRAGMA cache_size = -65536');
          conn.run('PRAGMA mmap_size = 268435456');
          conn.run('PRAGMA foreign_keys = ON', (err) => done(err, conn));
        });
      },
    },
  });
}

type SqliteConnection = {
  serialize(cb: () => void): void;
  run(sql: string, cb?: (err: Error | null) => void): void;
};

/** True when the knex instance talks to PostgreSQL. */
export function isPostgres(db: Db): boolean {
  return db.client.config.client === 'pg';
}

/**
 * Makes the writers of a table take turns, each for a whole transaction, in every process.
 *
 * SQLite: the transaction's first statement is made a write, so it takes the write lock at once
 * (waiting up to busy_timeout while another process, say the CLI beside the server, writes). A
 * transaction that reads first and writes later would instead fail with SQLITE_BUSY when another
 * process committed in between, as SQLite cannot upgrade a stale read snapshot. knex has no option
 * for BEGIN IMMEDIATE.
 *
 * PostgreSQL: a transaction-scoped advisory lock named after the table. Row locks alone would let
 * two writers run at once, and mention writes read before they write: each plans stories from the
 * mentions committed so far, so two concurrent writes of near-duplicates would each start a story,
 * and ids handed out before commit would commit out of order (the board's tail and the story index
 * read "ids above the last one seen"). Taking turns makes PostgreSQL behave as SQLite does.
 */
export async function lockForWrite(trx: Knex.Transaction, table: string): Promise<void> {
  if (isPostgres(trx)) {
    await trx.raw('select pg_advisory_xact_lock(hashtext(?))', [`huiying:${table}`]);
    return;
  }
  await trx.raw('update ?? set id = id where 0', [table]);
}
