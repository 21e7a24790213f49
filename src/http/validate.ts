import type { z } from 'zod';
import { AppError } from '../shared/errors.ts';

/** Parses input with a zod schema or throws validation_failed listing every problem with its path. */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.infer<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new AppError(
    'validation_failed',
    'invalid input',
    result.error.issues.map((i) => ({ path: i.path.join('.'), message: i.message })),
  );
}
