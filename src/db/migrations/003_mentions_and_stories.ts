import type { Knex } from 'knex';

export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('stories', (t) => {
    t.bigIncrements('id').primary();
    t.text('title').notNullable();
    t.string('simhash', 16).notNullable();
    t.integer('mention_count').notNullable().defaultTo(1);
    t.timestamp('first_seen_at', { useTz: true }).notNullable();
    t.timestamp('last_seen_at', { useTz: true }).notNullable().index();
  });
  await knex.schema.createTable('mentions', (t) => {
    t.bigIncrements('id').primary();
    t.integer('source_id').notNullable().references('id').inTable('sources').onDelete('CASCADE');
    t.bigInteger('story_id').notNullable().references('id').inTable('stories');
    t.text('guid');
    t.text('url');
    t.text('canonical_url');
    // Normalised text (Simplified, half-width, plain) for matching; the original as collected.
    t.text('title').notNullable();
    t.text('title_original').notNullable();
    t.text('body').notNullable();
    t.text('body_original').notNullable();
    t.text('author');
    t.timestamp('published_at', { useTz: true }).notNullable();
    t.boolean('published_at_estimated').notNullable().defaultTo(false);
    t.timestamp('collected_at', { useTz: true }).notNullable().index();
    // SimHash of the segmented text; near duplicates are looked up in memory (mentions/stories.ts).
    t.string('simhash', 16).notNullable();
    // Dedup keys: any one of them seen before means the item is already stored.
    t.string('url_key', 64).unique();
    t.string('guid_key', 64).unique();
    t.string('content_key', 64).notNullable().unique();
    t.index(['story_id']);
    t.index(['source_id', 'collected_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  await knex.schema.dropTable('mentions');
  await knex.schema.dropTable('stories');
}
