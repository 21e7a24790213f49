/**
 * The egress module: the only code that makes outbound HTTP requests (feeds, pages, later webhooks).
 * Public surface; see egress.ts for the implementation.
 */
export type { Fetcher, FetchRequest, FetchResponse, EgressOptions, FetchFailureCode, Egress } from './types.ts';
export { FetchError } from './types.ts';
export { createEgress } from './egress.ts';
export { decodeBody } from './charset.ts';
