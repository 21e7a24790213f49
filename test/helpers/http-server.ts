import http from 'node:http';
import type { AddressInfo } from 'node:net';

export interface TestServer {
  url: string;
  port: number;
  /** Requests seen so far (method, path, headers). */
  requests: Array<{ method: string; path: string; headers: http.IncomingHttpHeaders }>;
  close(): Promise<void>;
}

/** A real HTTP server on 127.0.0.1 with an ephemeral port, driven by the test's handler. */
export async function startHttpServer(handler: (req: http.IncomingMessage, res: http.ServerResponse) => void, host = '127.0.0.1'): Promise<TestServer> {
  const requests: TestServer['requests'] = [];
  const server = http.createServer((req, res) => {
    requests.push({ method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers });
    handler(req, res);
  });
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://${host}:${port}`,
    port,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Escapes text for XML. */
export function xmlEscape(s: string): string {
  return s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

export interface FeedItem {
  title: string;
  link: string;
  description: string;
  pubDate?: string;
  guid?: string;
}

/** An RSS 2.0 document with the given items. */
export function rss(items: FeedItem[], title = '测试频道'): string {
  const body = items
    .map(
      (i) =>
        `<item><title>${xmlEscape(i.title)}</title><link>${xmlEscape(i.link)}</link>` +
        `<description>${xmlEscape(i.description)}</description>` +
        (i.pubDate ? `<pubDate>${i.pubDate}</pubDate>` : '') +
        (i.guid ? `<guid isPermaLink="false">${xmlEscape(i.guid)}</guid>` : '') +
        `</item>`,
    )
    .join('\n');
  return `<?xml version="1.0" encoding="UTF-8"?>\n<rss version="2.0"><channel><title>${xmlEscape(title)}</title><link>http://example.invalid/</link><description>test</description>\n${body}\n</channel></rss>`;
}
