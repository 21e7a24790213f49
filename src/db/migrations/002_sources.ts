import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('sources', (t) => {
    t.increments('id').primary();
    t.string('name', 200).notNullable();
    t.string('kind', 16).notNullable();
    t.text('url').notNullable();
    t.text('config').notNullable().defaultTo('{}');
    t.string('schedule', 100).notNullable();
    t.float('weight').notNullable().defaultTo(1);
    t.boolean('enabled').notNullable().defaultTo(true);
    t.boolean('demo').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    // Collection status, written by the collector after every fetch.
    t.string('status', 16).notNullable().defaultTo('new');
    t.timestamp('last_checked_at', { useTz: true });
    t.timestamp('last_success_at', { useTz: true });
    t.timestamp('next_check_at', { useTz: true }).index();
    t.integer('error_count').notNullable().defaultTo(0);
    t.string('last_error_code', 32);
    t.text('last_error_message');
    t.timestamp('last_error_at', { useTz: true });
    t.integer('last_http_status');
    t.text('etag');
    t.text('last_modified');
    t.integer('items_total').notNullable().defaultTo(0);
    t.integer('last_new_items').notNullable().defaultTo(0);
    // A lease makes sure one source is fetched by one process at a time, across restarts.
    t.string('lease_owner', 200);
    t.timestamp('lease_until', { useTz: true });
    t.unique(['kind', 'url']);
  });
  await knex.schema.createTable('collection_runs', (t) => {
    t.increments('id').primary();
    t.integer('source_id').notNullable().references('id').inTable('sources').onDelete('CASCADE');
    t.timestamp('started_at', { useTz: true }).notNullable();
    t.timestamp('finished_at', { useTz: true }).notNullable();
    t.integer('duration_ms').notNullable();
    t.string('outcome', 16).notNullable();
    t.integer('items_found').notNullable().defaultTo(0);
    t.integer('items_new').notNullable().defaultTo(0);
    t.integer('http_status');
    t.string('error_code', 32);
    t.text('error_message');
    t.index(['source_id', 'started_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('collection_runs');
  await knex.schema.dropTable('sources');
}
