import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { levels } from '../classification/decision.ts';

/** A rule pack file (data/rules/starter.json): topics, each with its rules. */
export const rulePackSchema = z
  .array(
    z.object({
      key: z.string().regex(/^[a-z][a-z0-9-]{0,63}$/, 'lower-case letters, digits and dashes'),
      name: z.string().min(1).max(200),
      rules: z.array(z.object({ name: z.string().min(1).max(200), query: z.string().min(1).max(2000), level: z.enum(levels) })).min(1),
    }),
  )
  .min(1);

export type RulePack = z.infer<typeof rulePackSchema>;

/** The starter pack shipped in data/rules/starter.json. */
export const STARTER_PACK_FILE = fileURLToPath(new URL('../../data/rules/starter.json', import.meta.url));

/** Reads and validates a rule pack file; throws with the file name and every problem. */
export function loadRulePack(file: string): RulePack {
  const parsed = rulePackSchema.safeParse(JSON.parse(fs.readFileSync(file, 'utf8')));
  if (!parsed.success) throw new Error(`${file}: ${parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`);
  return parsed.data;
}
