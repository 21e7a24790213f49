import type { Knex } from 'knex';

/**
 * Press work: the people who speak for the department, press events (own conferences, the
 * provincial press office's conferences, briefings, interviews, releases) with their speakers,
 * the quota rules the directive sets (as data, editable), and policy documents with their
 * interpretation materials (发布与解读同步).
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('people', (t) => {
    t.increments('id').primary();
    t.string('name', 100).notNullable().unique();
    // head (主要负责同志) | leader (厅领导) | spokesperson (新闻发言人) | other
    t.string('role', 16).notNullable();
    // Their post, e.g. 厅长, 副厅长, 新闻发言人.
    t.string('title', 100).notNullable().defaultTo('');
    t.boolean('active').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('press_events', (t) => {
    t.increments('id').primary();
    // own-conference | provincial-conference | briefing | interview | release
    t.string('kind', 32).notNullable();
    t.string('title', 500).notNullable();
    t.timestamp('starts_at', { useTz: true }).notNullable().index();
    // planned | held | cancelled | postponed
    t.string('status', 16).notNullable();
    t.string('organiser', 200).notNullable().defaultTo('');
    t.string('location', 200).notNullable().defaultTo('');
    // JSON arrays: topics and keywords (for coverage), materials [{ title, url }].
    t.text('topics').notNullable().defaultTo('[]');
    t.text('keywords').notNullable().defaultTo('[]');
    t.text('materials').notNullable().defaultTo('[]');
    t.text('notes').notNullable().defaultTo('');
    // Days after the event during which coverage is collected.
    t.integer('coverage_days').notNullable().defaultTo(7);
    // Set by imports, so importing the same file twice updates instead of duplicating.
    t.string('import_key', 64).unique();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('press_event_speakers', (t) => {
    t.increments('id').primary();
    t.integer('event_id').notNullable().references('id').inTable('press_events').onDelete('CASCADE');
    // The person when known; name and role are kept as they were for the event.
    t.integer('person_id').references('id').inTable('people').onDelete('SET NULL');
    t.string('name', 100).notNullable();
    t.string('role', 16).notNullable();
    t.integer('position').notNullable().defaultTo(0);
    t.index(['event_id']);
  });
  await knex.schema.createTable('quota_rules', (t) => {
    // Stable ids such as own-quarterly, leader-yearly.
    t.string('id', 64).primary();
    t.string('name', 200).notNullable();
    // JSON: which events count (kinds, speaker roles, statuses).
    t.text('filter').notNullable();
    // quarter | half | year
    t.string('period', 8).notNullable();
    t.integer('minimum').notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.integer('position').notNullable().defaultTo(0);
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('policy_documents', (t) => {
    t.increments('id').primary();
    t.string('title', 500).notNullable();
    // 文号, e.g. 赣司发〔2026〕12号; empty when the document has none.
    t.string('number', 100).notNullable().defaultTo('');
    t.string('drafting_department', 200).notNullable().defaultTo('');
    // The calendar day of release in Asia/Shanghai (YYYY-MM-DD).
    t.string('released_on', 10).notNullable().index();
    t.string('url', 2000).notNullable().defaultTo('');
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('policy_interpretations', (t) => {
    t.increments('id').primary();
    t.integer('document_id').notNullable().references('id').inTable('policy_documents').onDelete('CASCADE');
    // text (文字解读) | graphic (图解) | qa (问答) | video
    t.string('kind', 16).notNullable();
    t.string('title', 500).notNullable();
    t.string('url', 2000).notNullable().defaultTo('');
    t.string('published_on', 10).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.index(['document_id']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['policy_interpretations', 'policy_documents', 'quota_rules', 'press_event_speakers', 'press_events', 'people']) {
    await knex.schema.dropTableIfExists(table);
  }
}
