import http from 'node:http';
import net from 'node:net';
import zlib from 'node:zlib';
import { afterEach, describe, expect, it } from 'vitest';
import { createEgress, formatBytes, toFetchError } from './egress.ts';
import { startTestServer } from '../../test/helpers/tracking-server.ts';
import type { TestServer } from '../../test/helpers/tracking-server.ts';
import { FetchError } from './types.ts';
import type { Egress, EgressOptions } from './types.ts';

const servers: TestServer[] = [];
const egresses: Egress[] = [];

afterEach(async () => {
  await Promise.all(egresses.splice(0).map((e) => e.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function serve(handler: http.RequestListener): Promise<TestServer> {
  const server = await startTestServer(handler);
  servers.push(server);
  return server;
}

function egress(overrides: Partial<EgressOptions> = {}): Egress {
  const e = createEgress({
    allow: ['127.0.0.1'],
    timeoutMs: 2000,
    connectTimeoutMs: 1000,
    maxBytes: 1024 * 1024,
    maxRedirects: 5,
    perHostConcurrency: 4,
    userAgent: 'huiying-test/1',
    ...overrides,
  });
  egresses.push(e);
  return e;
}

/** Awaits a promise expected to reject with a FetchError and returns the error. */
async function fetchError(promise: Promise<unknown>): Promise<FetchError> {
  const error = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FetchError);
  return error as FetchError;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('egress: plain requests', () => {
  it('returns status, lower-cased headers, validators and decoded text', async () => {
    let seen: http.IncomingHttpHeaders = {};
    const server = await serve((req, res) => {
      seen = req.headers;
      res.writeHead(200, {
        'Content-Type': 'application/rss+xml; charset=utf-8',
        ETag: '"v1"',
        'Last-Modified': 'Mon, 02 Mar 2026 08:00:00 GMT',
        'X-Custom': 'Yes',
      });
      res.end('<rss><channel><title>司法厅</title></channel></rss>');
    });
    const response = await egress().fetch({ url: server.url('/feed.xml'), expect: 'xml', headers: { 'X-Extra': 'on' } });
    expect(response).toMatchObject({
      notModified: false,
      status: 200,
      finalUrl: server.url('/feed.xml'),
      contentType: 'application/rss+xml; charset=utf-8',
      etag: '"v1"',
      lastModified: 'Mon, 02 Mar 2026 08:00:00 GMT',
      charset: 'utf-8',
      charsetSource: 'header',
    });
    expect(response.headers['x-custom']).toBe('Yes');
    expect(response.text).toContain('<title>司法厅</title>');
    expect(response.body.toString('utf8')).toBe(response.text);
    expect(seen['user-agent']).toBe('huiying-test/1');
    expect(seen['accept-encoding']).toBe('gzip, deflate, br');
    expect(seen['accept']).toContain('application/rss+xml');
    expect(seen['x-extra']).toBe('on');
  });

  it('sends conditional validators and answers a 304 without a body', async () => {
    let seen: http.IncomingHttpHeaders = {};
    const server = await serve((req, res) => {
      seen = req.headers;
      if (req.headers['if-none-match'] === '"v1"') {
        res.writeHead(304, { ETag: '"v1"' });
        return res.end();
      }
      res.end('fresh');
    });
    const response = await egress().fetch({ url: server.url(), etag: '"v1"', lastModified: 'Mon, 02 Mar 2026 08:00:00 GMT' });
    expect(seen['if-none-match']).toBe('"v1"');
    expect(seen['if-modified-since']).toBe('Mon, 02 Mar 2026 08:00:00 GMT');
    expect(response).toMatchObject({ notModified: true, status: 304, text: '', etag: '"v1"' });
    expect(response.lastModified).toBe('Mon, 02 Mar 2026 08:00:00 GMT'); // kept from the request
    expect(response.body.length).toBe(0);

    const fresh = await egress().fetch({ url: server.url(), etag: '"v0"' });
    expect(fresh).toMatchObject({ notModified: false, status: 200, text: 'fresh' });
  });

  it('maps HTTP 4xx and 5xx to errors with the status', async () => {
    const server = await serve((req, res) => {
      res.writeHead(req.url === '/gone' ? 404 : 503);
      res.end('nope');
    });
    const notFound = await fetchError(egress().fetch({ url: server.url('/gone') }));
    expect(notFound).toMatchObject({ code: 'http_4xx', httpStatus: 404, message: 'HTTP 404 Not Found', url: server.url('/gone') });
    const unavailable = await fetchError(egress().fetch({ url: server.url('/busy') }));
    expect(unavailable).toMatchObject({ code: 'http_5xx', httpStatus: 503, message: 'HTTP 503 Service Unavailable' });
  });

  it('refuses URLs that are not http or https', async () => {
    for (const url of ['file:///etc/passwd', 'ftp://127.0.0.1/x', 'gopher://127.0.0.1:70/', 'not a url']) {
      expect(await fetchError(egress().fetch({ url }))).toMatchObject({ code: 'bad_url' });
    }
  });

  it('reports a closed port as refused', async () => {
    const probe = net.createServer();
    await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
    const port = (probe.address() as net.AddressInfo).port;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const error = await fetchError(egress().fetch({ url: `http://127.0.0.1:${port}/` }));
    expect(error.code).toBe('refused');
    expect(error.message).toBe(`connection refused by 127.0.0.1:${port}`);
  });

  it('reports a connection cut mid-body as a failure, not a short body', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': '1000' });
      res.write('only part of it');
      setTimeout(() => res.socket?.destroy(), 50);
    });
    const error = await fetchError(egress().fetch({ url: server.url() }));
    expect(['refused', 'network']).toContain(error.code);
  });
});

describe('egress: redirects', () => {
  it('follows relative and absolute Locations and reports the final URL', async () => {
    const server = await serve((req, res) => {
      if (req.url === '/a') return res.writeHead(301, { Location: 'b' }).end();
      if (req.url === '/b') return res.writeHead(302, { Location: `http://127.0.0.1:${server.port}/dir/c` }).end();
      if (req.url === '/dir/c') return res.writeHead(308, { Location: '../final?x=1' }).end();
      res.end(`at ${req.url}`);
    });
    const response = await egress().fetch({ url: server.url('/a') });
    expect(response.finalUrl).toBe(server.url('/final?x=1'));
    expect(response.text).toBe('at /final?x=1');
  });

  it('allows maxRedirects hops and fails on one more', async () => {
    const server = await serve((req, res) => {
      const n = Number(new URL(req.url!, 'http://x').searchParams.get('n'));
      if (n > 0) return res.writeHead(302, { Location: `/?n=${n - 1}` }).end();
      res.end('done');
    });
    expect((await egress({ maxRedirects: 5 }).fetch({ url: server.url('/?n=5') })).text).toBe('done');
    const error = await fetchError(egress({ maxRedirects: 5 }).fetch({ url: server.url('/?n=6') }));
    expect(error).toMatchObject({ code: 'too_many_redirects', message: 'more than 5 redirects' });
  });

  it('turns POST into GET on 303 and keeps POST on 307', async () => {
    const seen: string[] = [];
    const server = await serve((req, res) => {
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        seen.push(`${req.method} ${req.url} ${body}`);
        if (req.url === '/see-other') return res.writeHead(303, { Location: '/result' }).end();
        if (req.url === '/temporary') return res.writeHead(307, { Location: '/result' }).end();
        res.end('ok');
      });
    });
    await egress().fetch({ url: server.url('/see-other'), method: 'POST', body: 'payload', headers: { 'content-type': 'text/plain' } });
    await egress().fetch({ url: server.url('/temporary'), method: 'POST', body: 'payload' });
    expect(seen).toEqual(['POST /see-other payload', 'GET /result ', 'POST /temporary payload', 'POST /result payload']);
  });

  it('refuses a redirect to a non-http scheme', async () => {
    const server = await serve((_req, res) => res.writeHead(302, { Location: 'file:///etc/passwd' }).end());
    expect(await fetchError(egress().fetch({ url: server.url() }))).toMatchObject({ code: 'bad_url' });
  });
});

describe('egress: timeouts and aborts', () => {
  it('fails a server trickling one byte at a time with `timeout` and closes the socket', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const timer = setInterval(() => res.write('x'), 100);
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const error = await fetchError(egress({ timeoutMs: 500 }).fetch({ url: server.url() }));
    const elapsed = Date.now() - started;
    expect(error).toMatchObject({ code: 'timeout', message: 'timed out: no complete response within 500 ms' });
    expect(elapsed).toBeGreaterThanOrEqual(480);
    expect(elapsed).toBeLessThan(1500);
    // The server sees its connection closed: the socket was destroyed, not left to linger.
    await server.allClosed();
    expect(server.connections).toHaveLength(1);
    expect(server.connections[0]!.closedAt! - started).toBeLessThan(1500);
  });

  it('fails with `timeout` when the headers never come', async () => {
    const server = await serve(() => {
      /* never answers */
    });
    const error = await fetchError(egress({ timeoutMs: 300 }).fetch({ url: server.url() }));
    expect(error.code).toBe('timeout');
    await server.allClosed();
  });

  it('applies the connect timeout to the TLS handshake', async () => {
    // A TCP server that accepts and never speaks: TCP connects, the TLS handshake never finishes.
    const sockets: net.Socket[] = [];
    const silent = net.createServer((socket) => sockets.push(socket));
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const started = Date.now();
      const error = await fetchError(egress({ connectTimeoutMs: 300, timeoutMs: 5000 }).fetch({ url: `https://127.0.0.1:${port}/` }));
      expect(error).toMatchObject({ code: 'timeout', message: 'timed out: could not connect within 300 ms' });
      expect(Date.now() - started).toBeLessThan(2000);
    } finally {
      sockets.forEach((s) => s.destroy());
      await new Promise<void>((resolve) => silent.close(() => resolve()));
    }
  });

  it('close() destroys in-flight sockets and makes later calls fail fast', async () => {
    const server = await serve((_req, res) => {
      res.writeHead(200);
      const timer = setInterval(() => res.write('x'), 50);
      res.on('close', () => clearInterval(timer));
    });
    const e = egress({ timeoutMs: 10_000 });
    const pending = fetchError(e.fetch({ url: server.url() }));
    await sleep(150);
    const started = Date.now();
    await e.close();
    const error = await pending;
    expect(error).toMatchObject({ code: 'network', message: 'egress is closed', url: server.url() });
    await server.allClosed();
    expect(Date.now() - started).toBeLessThan(1000);
    expect(await fetchError(e.fetch({ url: server.url() }))).toMatchObject({ code: 'network', message: 'egress is closed' });
    expect(server.connections).toHaveLength(1);
  });
});

describe('egress: body size cap', () => {
  it('fails before reading when Content-Length announces too much', async () => {
    let written = 0;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Length': String(2 * 1024 * 1024) });
      const timer = setInterval(() => {
        res.write(Buffer.alloc(1024, 97));
        written += 1024;
      }, 20);
      res.on('close', () => clearInterval(timer));
    });
    const started = Date.now();
    const error = await fetchError(egress({ maxBytes: 1024 * 1024 }).fetch({ url: server.url() }));
    expect(error).toMatchObject({ code: 'too_large', message: 'response body exceeds 1 MB limit' });
    expect(Date.now() - started).toBeLessThan(500);
    await server.allClosed();
    expect(written).toBeLessThan(64 * 1024);
  });

  it('stops reading a chunked body as soon as it passes the cap', async () => {
    let written = 0;
    let finished = false;
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      const chunk = Buffer.alloc(16 * 1024, 98);
      const pump = () => {
        while (written < 50 * 1024 * 1024) {
          written += chunk.length;
          if (!res.write(chunk)) return void res.once('drain', pump);
        }
        finished = true;
        res.end();
      };
      pump();
    });
    const error = await fetchError(egress({ maxBytes: 100 * 1024 }).fetch({ url: server.url() }));
    expect(error).toMatchObject({ code: 'too_large', message: 'response body exceeds 100 KB limit' });
    await server.allClosed();
    expect(finished).toBe(false);
  });

  it('caps the decompressed size too (gzip bomb)', async () => {
    const bomb = zlib.gzipSync(Buffer.alloc(20 * 1024 * 1024)); // ~20 KB on the wire
    expect(bomb.length).toBeLessThan(100 * 1024);
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': 'gzip', 'Content-Length': String(bomb.length) });
      res.end(bomb);
    });
    const error = await fetchError(egress({ maxBytes: 1024 * 1024 }).fetch({ url: server.url() }));
    expect(error).toMatchObject({ code: 'too_large', message: 'response body exceeds 1 MB limit' });
  });

  it('accepts a body of exactly maxBytes', async () => {
    const server = await serve((_req, res) => res.end(Buffer.alloc(1000, 99)));
    const response = await egress({ maxBytes: 1000 }).fetch({ url: server.url() });
    expect(response.body.length).toBe(1000);
  });
});

describe('egress: content codings', () => {
  const text = '江西省司法厅政务公开 — '.repeat(200);
  const encodings: Array<[string, (b: Buffer) => Buffer]> = [
    ['gzip', (b) => zlib.gzipSync(b)],
    ['deflate', (b) => zlib.deflateSync(b)],
    ['deflate', (b) => zlib.deflateRawSync(b)], // raw deflate, as some old servers send it
    ['br', (b) => zlib.brotliCompressSync(b)],
    ['identity', (b) => b],
  ];
  it.each(encodings)('decodes %s', async (coding, encode) => {
    const payload = encode(Buffer.from(text, 'utf8'));
    const server = await serve((_req, res) => {
      res.writeHead(200, { 'Content-Encoding': coding, 'Content-Type': 'text/plain; charset=utf-8' });
      res.end(payload);
    });
    const response = await egress().fetch({ url: server.url() });
    expect(response.text).toBe(text);
    expect(response.body.length).toBe(Buffer.byteLength(text));
  });

  it('fails clearly on a coding it cannot undo', async () => {
    const server = await serve((_req, res) => res.writeHead(200, { 'Content-Encoding': 'compress' }).end('xx'));
    const error = await fetchError(egress().fetch({ url: server.url() }));
    expect(error).toMatchObject({ code: 'network', message: 'unsupported content-encoding "compress"' });
  });
});

describe('egress: per-host concurrency', () => {
  it('keeps at most N requests in flight to one host and queues the rest', async () => {
    let current = 0;
    let peak = 0;
    const server = await serve((_req, res) => {
      current++;
      peak = Math.max(peak, current);
      setTimeout(() => {
        current--;
        res.end('ok');
      }, 80);
    });
    const e = egress({ perHostConcurrency: 2 });
    const responses = await Promise.all(Array.from({ length: 7 }, (_, i) => e.fetch({ url: server.url(`/?i=${i}`) })));
    expect(responses.every((r) => r.text === 'ok')).toBe(true);
    expect(peak).toBe(2);
  });

  it('starts queued requests in the order they were made', async () => {
    const order: string[] = [];
    const server = await serve((req, res) => {
      order.push(req.url!);
      setTimeout(() => res.end('ok'), 30);
    });
    const e = egress({ perHostConcurrency: 1 });
    await Promise.all(['/1', '/2', '/3', '/4'].map((p) => e.fetch({ url: server.url(p) })));
    expect(order).toEqual(['/1', '/2', '/3', '/4']);
  });
});

describe('egress: SSRF guard', () => {
  it('blocks 127.0.0.1 without an allow-list, before connecting', async () => {
    const server = await serve((_req, res) => res.end('secret'));
    const error = await fetchError(egress({ allow: [] }).fetch({ url: server.url() }));
    expect(error).toMatchObject({
      code: 'blocked',
      message: '127.0.0.1 is a loopback address; add it to HUIYING_FETCH_ALLOW to allow it',
    });
    expect(server.connections).toHaveLength(0);
  });

  it('blocks a hostname that resolves to loopback (checked after DNS)', async () => {
    const server = await serve((_req, res) => res.end('secret'));
    const error = await fetchError(egress({ allow: [] }).fetch({ url: `http://localhost:${server.port}/` }));
    expect(error.code).toBe('blocked');
    expect(error.message).toMatch(/^localhost \((127\.0\.0\.1|::1)\) is a loopback address; add it to HUIYING_FETCH_ALLOW/);
    expect(server.connections).toHaveLength(0);
  });

  it('blocks loopback in other spellings', async () => {
    const server = await serve((_req, res) => res.end('secret'));
    const e = egress({ allow: [] });
    for (const host of ['[::ffff:127.0.0.1]', '2130706433', '0x7f.1', '0.0.0.0', '[::1]', '[::]']) {
      const error = await fetchError(e.fetch({ url: `http://${host}:${server.port}/` }));
      expect(error.code, host).toBe('blocked');
    }
    expect(server.connections).toHaveLength(0);
  });

  it('blocks a redirect from an allowed 127.0.0.1:PORT to a port that is not allowed', async () => {
    const inner = await serve((_req, res) => res.end('internal'));
    const outer = await serve((_req, res) => res.writeHead(302, { Location: `http://localhost:${inner.port}/admin` }).end());
    const e = egress({ allow: [`127.0.0.1:${outer.port}`] });
    const error = await fetchError(e.fetch({ url: outer.url('/start') }));
    expect(error.code).toBe('blocked');
    expect(error.url).toBe(`http://localhost:${inner.port}/admin`);
    expect(outer.connections).toHaveLength(1);
    expect(inner.connections).toHaveLength(0);
    // the same server on the allowed port is fine
    const other = await fetchError(e.fetch({ url: inner.url() }));
    expect(other.message).toBe('127.0.0.1 is a loopback address; add it to HUIYING_FETCH_ALLOW to allow it');
  });

  it('opens targets by hostname, CIDR or host:port', async () => {
    const server = await serve((_req, res) => res.end('hello'));
    expect((await egress({ allow: ['localhost'] }).fetch({ url: `http://localhost:${server.port}/` })).text).toBe('hello');
    expect((await egress({ allow: ['127.0.0.0/8'] }).fetch({ url: server.url() })).text).toBe('hello');
    expect((await egress({ allow: [`127.0.0.1:${server.port}`] }).fetch({ url: server.url() })).text).toBe('hello');
  });
});

describe('toFetchError', () => {
  const url = new URL('http://feeds.example:8080/rss');
  const errno = (code: string) => Object.assign(new Error(`${code} failure`), { code });
  // Codes DNS and sockets report → the FetchError code (no DNS lookups in tests: they may leave loopback)
  it.each([
    ['ENOTFOUND', 'dns', 'could not resolve feeds.example (ENOTFOUND)'],
    ['EAI_AGAIN', 'dns', 'could not resolve feeds.example (EAI_AGAIN)'],
    ['ECONNREFUSED', 'refused', 'connection refused by feeds.example:8080'],
    ['ECONNRESET', 'refused', 'connection reset by feeds.example:8080'],
    ['ETIMEDOUT', 'timeout', 'timed out connecting to feeds.example:8080'],
    ['EHOSTUNREACH', 'network', 'network error talking to feeds.example:8080: EHOSTUNREACH failure (EHOSTUNREACH)'],
    ['CERT_HAS_EXPIRED', 'network', 'network error talking to feeds.example:8080: CERT_HAS_EXPIRED failure (CERT_HAS_EXPIRED)'],
  ])('%s → %s', (code, expected, message) => {
    expect(toFetchError(errno(code), url)).toMatchObject({ code: expected, message, url: url.href });
  });

  it('looks inside the AggregateError of a multi-address connect', () => {
    const error = new AggregateError([errno('ECONNREFUSED'), errno('ECONNREFUSED')], 'all failed');
    expect(toFetchError(error, url).code).toBe('refused');
  });

  it('turns an invalid caller header into a FetchError instead of throwing', async () => {
    const server = await serve((_req, res) => res.end('ok'));
    const error = await fetchError(egress().fetch({ url: server.url(), headers: { 'x-bad': 'a\r\nInjected: 1' } }));
    expect(error.code).toBe('network');
    expect(server.connections).toHaveLength(0);
  });
});

describe('formatBytes', () => {
  it.each([
    [5 * 1024 * 1024, '5 MB'],
    [1536 * 1024, '1.5 MB'],
    [100 * 1024, '100 KB'],
    [999, '999 bytes'],
  ])('%d → %s', (bytes, text) => expect(formatBytes(bytes)).toBe(text));
});
