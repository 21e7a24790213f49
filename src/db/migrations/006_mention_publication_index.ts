import type { Knex } from 'knex';

/**
 * Mentions by publication time: quarterly reports and press-conference coverage select mentions
 * published in a window, which without an index reads the whole table (spikes and the stream go by
 * collection time, indexed in 003).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.alterTable('mentions', (t) => {
    t.index(['published_at'], 'mentions_published_at_index');
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.alterTable('mentions', (t) => {
    t.dropIndex(['published_at'], 'mentions_published_at_index');
  });
}
