import { FetchError } from '../egress/index.ts';
import { CollectError } from './adapters/adapter.ts';
import type { FailureCode } from './source.ts';

export interface Failure {
  code: FailureCode;
  message: string;
  httpStatus: number | null;
}

/** Turns anything thrown during a collection into a stable failure code and a message for the source page. */
export function classifyFailure(err: unknown): Failure {
  if (err instanceof FetchError) return { code: err.code, message: err.message, httpStatus: err.httpStatus };
  if (err instanceof CollectError) return { code: err.code, message: err.message, httpStatus: err.httpStatus };
  const message = err instanceof Error ? err.message : String(err);
  return { code: 'internal', message: message.slice(0, 1000), httpStatus: null };
}
