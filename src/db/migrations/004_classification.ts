import type { Knex } from 'knex';

/**
 * Classification: topics (专题) and their monitoring rules (监测规则), trained models with their
 * versions, one classification per mention, staff labels for retraining, and topic spike warnings.
 */
export async function up(knex: Knex): Promise<void> {
  await knex.schema.createTable('topics', (t) => {
    t.increments('id').primary();
    t.string('key', 64).notNullable().unique();
    t.string('name', 200).notNullable();
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
  });
  await knex.schema.createTable('rules', (t) => {
    t.increments('id').primary();
    t.integer('topic_id').notNullable().references('id').inTable('topics').onDelete('CASCADE');
    t.string('name', 200).notNullable();
    t.text('query').notNullable();
    // blue < yellow < orange < red
    t.string('level', 8).notNullable();
    t.boolean('enabled').notNullable().defaultTo(true);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.timestamp('updated_at', { useTz: true }).notNullable();
    t.index(['topic_id']);
  });
  await knex.schema.createTable('models', (t) => {
    t.increments('id').primary();
    // needs-response | sentiment | topic
    t.string('task', 32).notNullable();
    t.integer('version').notNullable();
    // The serialised model (models/serialize.ts), its training set and evaluation metrics, as JSON.
    t.text('model').notNullable();
    t.text('training_set').notNullable();
    t.text('metrics').notNullable();
    // At most one active model per task; rolling back activates an older version.
    t.boolean('active').notNullable().defaultTo(false);
    t.timestamp('created_at', { useTz: true }).notNullable();
    t.unique(['task', 'version']);
  });
  await knex.schema.createTable('classifications', (t) => {
    t.bigInteger('mention_id').primary().references('id').inTable('mentions').onDelete('CASCADE');
    t.boolean('flagged').notNullable();
    // null when no warning; else blue | yellow | orange | red
    t.string('level', 8);
    // JSON arrays: topic keys, place names
    t.text('topics').notNullable().defaultTo('[]');
    t.text('places').notNullable().defaultTo('[]');
    t.string('sentiment', 8).notNullable();
    t.float('sentiment_score').notNullable();
    // Probability that the mention needs a response (null without a needs-response model).
    t.float('response_score');
    // JSON: matched rules and words, the models' top features and probabilities, the level's reasons.
    t.text('explanation').notNullable();
    t.timestamp('classified_at', { useTz: true }).notNullable().index();
    t.index(['flagged', 'level']);
  });
  await knex.schema.createTable('labels', (t) => {
    t.bigInteger('mention_id').primary().references('id').inTable('mentions').onDelete('CASCADE');
    t.integer('user_id').references('id').inTable('users').onDelete('SET NULL');
    // Each null when the user did not say.
    t.boolean('needs_response');
    t.string('topic', 64);
    t.string('sentiment', 8);
    t.timestamp('labelled_at', { useTz: true }).notNullable().index();
  });
  await knex.schema.createTable('topic_warnings', (t) => {
    t.increments('id').primary();
    t.string('topic', 64).notNullable();
    t.integer('bucket_minutes').notNullable();
    t.timestamp('bucket_start', { useTz: true }).notNullable();
    t.integer('count').notNullable();
    t.float('baseline_mean').notNullable();
    t.float('threshold').notNullable();
    // JSON: the recent bucket counts, for the volume chart.
    t.text('series').notNullable();
    t.timestamp('raised_at', { useTz: true }).notNullable().index();
    t.index(['topic', 'bucket_minutes', 'raised_at']);
  });
}

export async function down(knex: Knex): Promise<void> {
  for (const table of ['topic_warnings', 'labels', 'classifications', 'models', 'rules', 'topics']) {
    await knex.schema.dropTable(table);
  }
}
