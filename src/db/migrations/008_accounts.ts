import type { Knex } from 'knex';

/**
 * Account management. Sessions name their user in a column of their own, so an administrator who
 * disables an account, changes its role or resets its password can end that user's sessions at
 * once (sessions stored before this migration get the column from their JSON); users record their
 * last sign-in, so administrators see accounts nobody uses.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('users', (t) => {
    t.timestamp('last_login_at', { useTz: true }).nullable();
  });
  await knex.schema.alterTable('sessions', (t) => {
    t.integer('user_id').nullable().index();
  });
  const rows: { sid: string; sess: string }[] = await knex('sessions').select('sid', 'sess');
  for (const row of rows) {
    const userId = sessionUserId(row.sess);
    if (userId !== null) await knex('sessions').where({ sid: row.sid }).update({ user_id: userId });
  }
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('sessions', (t) => {
    t.dropIndex(['user_id']);
    t.dropColumn('user_id');
  });
  await knex.schema.alterTable('users', (t) => {
    t.dropColumn('last_login_at');
  });
}

function sessionUserId(sess: string): number | null {
  try {
    const id: unknown = (JSON.parse(sess) as { user?: { id?: unknown } }).user?.id;
    return typeof id === 'number' && Number.isInteger(id) ? id : null;
  } catch {
    return null;
  }
}
