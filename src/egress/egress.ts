/**
 * Outbound HTTP for the whole application. One fetch is a redirect loop over single "hops"; each hop
 * is one node:http(s) request on its own socket, and that socket is destroyed on every failure, so a
 * timeout, a body cap or close() visibly ends the connection for the server too.
 *
 *   fetch ─► parse URL ─► [per-host limiter ─► SSRF guard ─► exchange()] ─► redirect? ─► loop
 *                                                                         └► 304 / 2xx / 4xx / 5xx
 */
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import type { Readable } from 'node:stream';
import { Transform, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import zlib from 'node:zlib';
import { checkDestination, createGuardedLookup, parseAllowList } from './address-guard.ts';
import type { AllowRule } from './address-guard.ts';
import { decodeBody } from './charset.ts';
import { createHostLimiter } from './host-limiter.ts';
import { FetchError } from './types.ts';
import type { Egress, EgressOptions, FetchRequest, FetchResponse } from './types.ts';

/** One request on the wire: the redirect loop builds a new hop for every Location it follows. */
interface Hop {
  url: URL;
  method: 'GET' | 'POST';
  headers: Record<string, string>;
  body: string | Buffer | undefined;
}

/** What a hop brings back. The body is read only for 2xx answers; redirects and errors skip it. */
interface HopResult {
  status: number;
  headers: Record<string, string>;
  body: Buffer | null;
}

/** Limits that apply to one hop; `deadline` is shared by all hops of a fetch. */
interface HopLimits {
  deadline: number;
  timeoutMs: number;
  connectTimeoutMs: number;
  maxBytes: number;
  rules: AllowRule[];
  /** Abort functions of the hops on the wire, so close() can end them. */
  inFlight: Set<(error: FetchError) => void>;
}

// RFC 9110 15.4: the redirect statuses a client follows automatically.
const redirectStatuses = new Set([301, 302, 303, 307, 308]);

const acceptByExpect: Record<NonNullable<FetchRequest['expect']>, string> = {
  xml: 'application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.8',
  html: 'text/html, application/xhtml+xml;q=0.9, */*;q=0.8',
  json: 'application/json, */*;q=0.8',
  any: '*/*',
};

/** Creates the egress: a Fetcher enforcing timeouts, size caps, redirects, the SSRF guard and per-host limits. */
export function createEgress(options: EgressOptions): Egress {
  const rules = parseAllowList(options.allow);
  const limiter = createHostLimiter(options.perHostConcurrency);
  const inFlight = new Set<(error: FetchError) => void>();
  let closed = false;

  async function fetchUrl(req: FetchRequest): Promise<FetchResponse> {
    let hop: Hop = {
      url: parseHttpUrl(req.url),
      method: req.method ?? 'GET',
      headers: requestHeaders(req, options.userAgent),
      body: req.body,
    };
    // The deadline starts when the first hop gets its slot, so time spent queueing behind other
    // requests to a busy host does not count against this one.
    let deadline: number | null = null;
    for (let redirects = 0; ; redirects++) {
      const current = hop;
      const result = await limiter.run(current.url.hostname, () => {
        if (closed) throw new FetchError('network', 'egress is closed', current.url.href);
        deadline ??= Date.now() + options.timeoutMs;
        const { timeoutMs, connectTimeoutMs, maxBytes } = options;
        return exchange(current, { deadline, timeoutMs, connectTimeoutMs, maxBytes, rules, inFlight });
      });
      const { status, headers } = result;
      const location = headers['location'];
      if (redirectStatuses.has(status) && location !== undefined) {
        if (redirects >= options.maxRedirects) {
          throw new FetchError('too_many_redirects', `more than ${options.maxRedirects} redirects`, req.url, status);
        }
        hop = nextHop(current, status, location);
        continue;
      }
      return toResponse(req, current.url, result);
    }
  }

  return {
    fetch(req) {
      if (closed) return Promise.reject(new FetchError('network', 'egress is closed', req.url));
      return fetchUrl(req);
    },
    async close() {
      closed = true;
      for (const abort of [...inFlight]) abort(new FetchError('network', 'egress is closed', ''));
    },
  };
}

/** Parses a URL (relative to base, for a Location header) and accepts only http: and https:. */
function parseHttpUrl(text: string, base?: URL): URL {
  let url: URL;
  try {
    url = new URL(text, base);
  } catch {
    throw new FetchError('bad_url', `not a valid URL: ${text}`, base?.href ?? text);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new FetchError('bad_url', `only http and https URLs can be fetched, not ${url.protocol}`, url.href);
  }
  return url;
}

/** The request headers of the first hop: ours, then the caller's, then the conditional validators. */
function requestHeaders(req: FetchRequest, userAgent: string): Record<string, string> {
  const headers: Record<string, string> = {
    'user-agent': userAgent,
    accept: acceptByExpect[req.expect ?? 'any'],
    'accept-encoding': 'gzip, deflate, br',
  };
  for (const [name, value] of Object.entries(req.headers ?? {})) headers[name.toLowerCase()] = value;
  // RFC 9110 13.1: conditional GET with the validators of the last successful fetch.
  if (req.etag) headers['if-none-match'] = req.etag;
  if (req.lastModified) headers['if-modified-since'] = req.lastModified;
  return headers;
}

/** Builds the hop that follows a redirect (RFC 9110 15.4). */
function nextHop(previous: Hop, status: number, location: string): Hop {
  // Location may be relative; it resolves against the URL that answered (RFC 9110 10.2.2).
  const url = parseHttpUrl(location, previous.url);
  const headers = { ...previous.headers };
  let { method, body } = previous;
  // 303 See Other means "GET the result over there" (RFC 9110 15.4.4). 301/302/307/308 keep the
  // method: RFC 9110 only permits rewriting POST on 301/302, and a webhook must not lose its payload.
  if (status === 303 && method !== 'GET') {
    method = 'GET';
    body = undefined;
    delete headers['content-type'];
  }
  // Credentials meant for one origin must not travel to another (as the WHATWG Fetch standard does).
  if (url.origin !== previous.url.origin) {
    delete headers['authorization'];
    delete headers['cookie'];
  }
  return { url, method, headers, body };
}

/** Turns the final hop into a FetchResponse, or throws for HTTP errors. */
function toResponse(req: FetchRequest, url: URL, result: HopResult): FetchResponse {
  const { status, headers } = result;
  const statusText = `HTTP ${status} ${http.STATUS_CODES[status] ?? ''}`.trim();
  if (status >= 500) throw new FetchError('http_5xx', statusText, url.href, status);
  if (status >= 400) throw new FetchError('http_4xx', statusText, url.href, status);
  const contentType = headers['content-type'] ?? null;
  if (status === 304) {
    // RFC 9110 15.4.5: a 304 repeats the validators; keep the old ones if a server forgets them.
    return {
      notModified: true,
      status,
      finalUrl: url.href,
      headers,
      contentType,
      body: Buffer.alloc(0),
      text: '',
      charset: 'utf-8',
      charsetSource: 'default',
      etag: headers['etag'] ?? req.etag ?? null,
      lastModified: headers['last-modified'] ?? req.lastModified ?? null,
    };
  }
  if (status >= 300 || result.body === null) {
    throw new FetchError('network', `${statusText} without a Location to follow`, url.href, status);
  }
  const decoded = decodeBody(result.body, contentType, req.expect ?? 'any');
  return {
    notModified: false,
    status,
    finalUrl: url.href,
    headers,
    contentType,
    body: result.body,
    ...decoded,
    etag: headers['etag'] ?? null,
    lastModified: headers['last-modified'] ?? null,
  };
}

/**
 * Sends one request and, for a 2xx answer, reads its body. Settles exactly once; on every failure
 * the request (and with it the socket) is destroyed.
 */
function exchange(hop: Hop, limits: HopLimits): Promise<HopResult> {
  const { url } = hop;
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const port = Number(url.port) || (url.protocol === 'https:' ? 443 : 80);

  // Node skips `lookup` for IP literals, so those are checked here, before any connection.
  if (net.isIP(hostname)) {
    const refusal = checkDestination({ hostname, port, address: hostname }, limits.rules);
    if (refusal) return Promise.reject(new FetchError('blocked', refusal, url.href));
  }
  const remainingMs = limits.deadline - Date.now();
  if (remainingMs <= 0) return Promise.reject(timeoutError(url, 'the request deadline passed during redirects'));

  let request: http.ClientRequest;
  try {
    request = openRequest(hop, hostname, port, limits.rules);
  } catch (error) {
    // Node validates headers synchronously (e.g. a control character in a caller's header value).
    return Promise.reject(toFetchError(error, url));
  }

  return new Promise<HopResult>((resolve, reject) => {
    let settled = false;
    const settle = (error: unknown, result?: HopResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(totalTimer);
      clearTimeout(connectTimer);
      limits.inFlight.delete(abort);
      if (error) {
        request.destroy();
        reject(toFetchError(error, url));
      } else {
        resolve(result!);
      }
    };

    const abort = (error: FetchError) => settle(new FetchError(error.code, error.message, url.href));
    limits.inFlight.add(abort);

    const totalTimer = setTimeout(
      () => settle(timeoutError(url, `no complete response within ${limits.timeoutMs} ms`)),
      remainingMs,
    );
    const connectTimer = setTimeout(
      () => settle(timeoutError(url, `could not connect within ${limits.connectTimeoutMs} ms`)),
      limits.connectTimeoutMs,
    );
    // "Connected" means TCP for http and the finished TLS handshake for https; DNS comes before both.
    request.on('socket', (socket) => {
      socket.once(url.protocol === 'https:' ? 'secureConnect' : 'connect', () => clearTimeout(connectTimer));
    });
    // Errors after settling (e.g. from our own destroy) must still have a listener, or Node throws.
    request.on('error', (error) => settle(error));

    request.on('response', (response) => {
      const status = response.statusCode ?? 0;
      const headers = responseHeaders(response.rawHeaders);
      if (status < 200 || status >= 300) {
        // Redirects, 304 and HTTP errors are decided by status and headers alone; the body is not read.
        settle(null, { status, headers, body: null });
        request.destroy();
        return;
      }
      readBody(response, limits.maxBytes, url).then(
        (body) => settle(null, { status, headers, body }),
        (error: unknown) => settle(error),
      );
    });

    request.end(hop.body);
  });
}

/** Creates the node:http(s) request of one hop, with the guarded DNS lookup. */
function openRequest(hop: Hop, hostname: string, port: number, rules: AllowRule[]): http.ClientRequest {
  const { url, body } = hop;
  const transport = url.protocol === 'https:' ? https : http;
  return transport.request({
    protocol: url.protocol,
    hostname,
    port,
    path: `${url.pathname}${url.search}`,
    method: hop.method,
    headers: body === undefined ? hop.headers : { ...hop.headers, 'content-length': String(Buffer.byteLength(body)) },
    auth: url.username ? `${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}` : undefined,
    lookup: createGuardedLookup(port, rules),
    // A fresh socket per hop: nothing is pooled, so destroying the request closes the connection.
    agent: false,
  });
}

/** Reads a response body, undoing its content-coding, failing as soon as either size passes maxBytes. */
async function readBody(response: http.IncomingMessage, maxBytes: number, url: URL): Promise<Buffer> {
  const tooLarge = () => new FetchError('too_large', `response body exceeds ${formatBytes(maxBytes)} limit`, url.href);
  // A body announced as too large is refused before a single byte of it is read.
  const announced = Number(response.headers['content-length']);
  if (announced > maxBytes) throw tooLarge();

  const decoders = contentDecoders(response.headers['content-encoding'], url);
  const chunks: Buffer[] = [];
  const collect = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(chunk);
      done();
    },
  });
  // The cap is checked on the wire bytes and again after decompression, against zip bombs.
  const stages: Array<Readable | Transform | Writable> = [response, byteCap(maxBytes, tooLarge)];
  if (decoders.length > 0) stages.push(...decoders, byteCap(maxBytes, tooLarge));
  stages.push(collect);
  await pipeline(stages);
  return Buffer.concat(chunks);
}

/** A pass-through stream that fails as soon as more than maxBytes have gone through it. */
function byteCap(maxBytes: number, tooLarge: () => Error): Transform {
  let seen = 0;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      seen += chunk.length;
      if (seen > maxBytes) done(tooLarge());
      else done(null, chunk);
    },
  });
}

/** Decompressors for a Content-Encoding header, in the order they must run. */
function contentDecoders(header: string | undefined, url: URL): Transform[] {
  const codings = (header ?? '')
    .split(',')
    .map((c) => c.trim().toLowerCase())
    .filter((c) => c !== '' && c !== 'identity');
  // RFC 9110 8.4: codings are listed in the order they were applied, so they are undone in reverse.
  return codings.reverse().map((coding) => {
    // Sync flush tolerates truncated streams, as browsers do.
    const flush = { flush: zlib.constants.Z_SYNC_FLUSH, finishFlush: zlib.constants.Z_SYNC_FLUSH };
    if (coding === 'gzip' || coding === 'x-gzip') return zlib.createGunzip(flush);
    if (coding === 'br') return zlib.createBrotliDecompress();
    if (coding === 'deflate') return createDeflateDecoder(flush);
    throw new FetchError('network', `unsupported content-encoding "${coding}"`, url.href);
  });
}

/**
 * Inflates "deflate" bodies. RFC 9110 means zlib-wrapped data, but some servers send raw deflate;
 * the first byte tells them apart (a zlib header has compression method 8 in its low nibble, RFC 1950).
 */
function createDeflateDecoder(options: zlib.ZlibOptions): Transform {
  let inner: zlib.Inflate | zlib.InflateRaw | null = null;
  return new Transform({
    transform(chunk: Buffer, _encoding, done) {
      if (!inner) {
        inner = (chunk[0]! & 0x0f) === 0x08 ? zlib.createInflate(options) : zlib.createInflateRaw(options);
        inner.on('data', (data: Buffer) => this.push(data));
        inner.on('error', (error) => this.destroy(error));
      }
      inner.write(chunk, () => done());
    },
    flush(done) {
      if (!inner) return done();
      inner.once('end', () => done());
      inner.end();
    },
  });
}

/** Lower-cases response header names; for repeated headers the last value wins. */
function responseHeaders(raw: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (let i = 0; i + 1 < raw.length; i += 2) headers[raw[i]!.toLowerCase()] = raw[i + 1]!;
  return headers;
}

function timeoutError(url: URL, detail: string): FetchError {
  return new FetchError('timeout', `timed out: ${detail}`, url.href);
}

/** Maps a socket, DNS, TLS or stream error to a FetchError with a code the board can translate. */
export function toFetchError(error: unknown, url: URL): FetchError {
  if (error instanceof FetchError) return error;
  // Happy-eyeballs connects (several addresses) fail with an AggregateError of per-address errors.
  const first = error instanceof AggregateError && error.errors.length > 0 ? error.errors[0] : error;
  const code = (first as NodeJS.ErrnoException | null)?.code ?? '';
  const message = first instanceof Error ? first.message : String(first);
  const where = url.host;
  switch (code) {
    case 'EBLOCKED':
      return new FetchError('blocked', message, url.href);
    case 'ECONNREFUSED':
      return new FetchError('refused', `connection refused by ${where}`, url.href);
    case 'ECONNRESET':
    case 'EPIPE':
      return new FetchError('refused', `connection reset by ${where}`, url.href);
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
    case 'EAI_NONAME':
    case 'EAI_NODATA':
    case 'EAI_FAIL':
      return new FetchError('dns', `could not resolve ${url.hostname} (${code})`, url.href);
    case 'ETIMEDOUT':
      return new FetchError('timeout', `timed out connecting to ${where}`, url.href);
    case 'ERR_STREAM_PREMATURE_CLOSE':
      return new FetchError('network', `connection to ${where} closed before the body was complete`, url.href);
    default:
      return new FetchError('network', `network error talking to ${where}: ${message}${code ? ` (${code})` : ''}`, url.href);
  }
}

/** "5 MB", "512 KB" or "100 bytes", for size-limit messages. */
export function formatBytes(bytes: number): string {
  const mb = 1024 * 1024;
  if (bytes >= mb && bytes % mb === 0) return `${bytes / mb} MB`;
  if (bytes >= mb) return `${(bytes / mb).toFixed(1)} MB`;
  if (bytes >= 1024 && bytes % 1024 === 0) return `${bytes / 1024} KB`;
  return `${bytes} bytes`;
}
