/** Why an outbound request failed. A subset of collection's FailureCode, with the same meanings. */
export type FetchFailureCode =
  | 'timeout'
  | 'dns'
  | 'refused'
  | 'http_4xx'
  | 'http_5xx'
  | 'too_large'
  | 'too_many_redirects'
  | 'blocked'
  | 'bad_url'
  | 'network';

export class FetchError extends Error {
  constructor(
    readonly code: FetchFailureCode,
    message: string,
    readonly url: string,
    readonly httpStatus: number | null = null,
  ) {
    super(message);
    this.name = 'FetchError';
  }
}

export interface FetchRequest {
  url: string;
  method?: 'GET' | 'POST';
  /** Extra request headers (e.g. content-type for webhooks). */
  headers?: Record<string, string>;
  /** Request body for POST. */
  body?: string | Buffer;
  /** Conditional GET validators from the previous fetch. */
  etag?: string | null;
  lastModified?: string | null;
  /** Hint for charset sniffing of the body: XML declaration, <meta charset>, or JSON (always UTF). */
  expect?: 'xml' | 'html' | 'json' | 'any';
}

export interface FetchResponse {
  /** True on 304 Not Modified: body is empty and nothing should be parsed. */
  notModified: boolean;
  status: number;
  /** URL after redirects. */
  finalUrl: string;
  /** Lower-cased response headers (last value wins). */
  headers: Record<string, string>;
  contentType: string | null;
  /** Raw bytes after content decoding (gzip, deflate, br). */
  body: Buffer;
  /** Body decoded to text with the detected charset. */
  text: string;
  /** Charset used to decode, lower-case WHATWG-style name (e.g. utf-8, gb18030, big5). */
  charset: string;
  charsetSource: 'header' | 'bom' | 'declaration' | 'detected' | 'default';
  etag: string | null;
  lastModified: string | null;
}

/** Anything that can fetch a URL. Adapters receive one; tests may pass the real egress. */
export interface Fetcher {
  fetch(req: FetchRequest): Promise<FetchResponse>;
}

export interface EgressOptions {
  /** Hosts, IPs, CIDRs or host:port pairs allowed although not public (loopback, private…). */
  allow: string[];
  /** Whole request deadline, from start to the last body byte; aborts the socket. */
  timeoutMs: number;
  /** Deadline for DNS + TCP (+TLS) connect. */
  connectTimeoutMs: number;
  /** Cap on the (decompressed) body size. */
  maxBytes: number;
  maxRedirects: number;
  /** At most this many requests in flight to one host; others wait in order. */
  perHostConcurrency: number;
  userAgent: string;
}

export interface Egress extends Fetcher {
  /** Stops new requests and destroys open sockets. */
  close(): Promise<void>;
}
