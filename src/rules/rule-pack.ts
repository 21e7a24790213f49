import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { levels } from '../classification/decision.ts';
import { MAX_QUERY_LENGTH, parseQuery, QueryError } from './query.ts';

const ruleSchema = z.object({
  name: z.string().trim().min(1).max(200),
  query: z.string().min(1).max(MAX_QUERY_LENGTH),
  level: z.enum(levels),
});

/**
 * The topic label for a mention about none of the topics: staff give it on the board, the topic
 * model learns it as a class of its own, and no topic may take it as its key.
 */
export const NO_TOPIC = 'none';

export const topicKeySchema = z
  .string()
  .regex(/^[a-z][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes')
  .refine((key) => key !== NO_TOPIC, `"${NO_TOPIC}" is kept for mentions about none of the topics`);

const topicSchema = z.object({
  key: topicKeySchema,
  name: z.string().trim().min(1).max(200),
  rules: z.array(ruleSchema).min(1),
});

/**
 * A rule pack (data/rules/starter.json): topics, each with its rules. Besides the shape, topic
 * keys are unique, rule names are unique within a topic, and every query parses (the issue names
 * the query's error code and position).
 */
export const rulePackSchema = z
  .array(topicSchema)
  .min(1)
  .superRefine((topics, ctx) => {
    const keys = new Set<string>();
    topics.forEach((topic, t) => {
      if (keys.has(topic.key)) ctx.addIssue({ code: 'custom', path: [t, 'key'], message: `duplicate topic key "${topic.key}"` });
      keys.add(topic.key);
      const names = new Set<string>();
      topic.rules.forEach((rule, r) => {
        if (names.has(rule.name)) ctx.addIssue({ code: 'custom', path: [t, 'rules', r, 'name'], message: `duplicate rule name "${rule.name}" in topic "${topic.key}"` });
        names.add(rule.name);
        try {
          parseQuery(rule.query);
        } catch (err) {
          if (!(err instanceof QueryError)) throw err;
          ctx.addIssue({ code: 'custom', path: [t, 'rules', r, 'query'], message: `${err.code}: ${err.message}` });
        }
      });
    });
  });

export type RulePack = z.infer<typeof rulePackSchema>;

/** The starter pack shipped in data/rules/starter.json. */
export const STARTER_PACK_FILE = fileURLToPath(new URL('../../data/rules/starter.json', import.meta.url));

/**
 * Reads and validates a rule pack file; throws with the file name and every problem. (The one
 * function here that reads a file: boot and the CLI load the starter pack through it.)
 */
export function loadRulePack(file: string): RulePack {
  const parsed = rulePackSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
