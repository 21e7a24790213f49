import type { Knex } from 'knex';

/**
 * Calendar subscriptions: one secret address per user for the press schedule's iCalendar feed, so
 * calendar apps (which cannot sign in) can subscribe. Only a SHA-256 of the secret is stored.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('calendar_subscriptions', (t) => {
    t.increments('id').primary();
    t.integer('user_id').notNullable().unique().references('id').inTable('users').onDelete('CASCADE');
    t.string('token_hash', 64).notNullable().unique();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('last_used_at', { useTz: true });
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('calendar_subscriptions');
}
