import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adapterConfig, adapterFor } from '../collection/adapters/registry.ts';
import { collectWith } from '../collection/adapters/adapter.ts';
import { parseFeedDate } from '../collection/dates.ts';
import { createEgress, type Egress } from '../egress/index.ts';
import { fixedClock } from '../shared/clock.ts';
import { itemsAt, type DemoFeedId } from './content.ts';
import { demoFeedPaths } from './demo-paths.ts';
import { startDemoServer, type DemoServer } from './demo-server.ts';
import { demoSources } from './demo-sources.ts';

// The demo sources as Huiying collects them: the real adapters and egress against the demo server.
const clock = fixedClock('2026-03-10T10:00:00+08:00');
let server: DemoServer;
let egress: Egress;

beforeAll(async () => {
  server = await startDemoServer({ port: 0, host: '127.0.0.1', clock });
  egress = createEgress({
    allow: ['127.0.0.1'],
    timeoutMs: 5000,
    connectTimeoutMs: 2000,
    maxBytes: 5_000_000,
    maxRedirects: 3,
    perHostConcurrency: 4,
    userAgent: 'huiying-test',
  });
});
afterAll(async () => {
  await egress.close();
  await server.close();
});

describe('demo sources through the real adapters', () => {
  it('yields every current item with its title, link and date, then 304', async () => {
    for (const source of demoSources(server.url)) {
      const feedId = (Object.entries(demoFeedPaths).find(([, p]) => source.url.endsWith(p)) ?? [])[0] as DemoFeedId;
      const expected = itemsAt(feedId, clock.now(), 20);
      const adapter = adapterFor(source.kind);
      const config = adapterConfig(source);
      const result = await collectWith(adapter, { url: source.url, config, etag: null, lastModified: null }, egress);
      if (result.notModified) throw new Error(`${source.name}: unexpected 304`);
      expect(result.items, source.name).toHaveLength(expected.length);
      const first = result.items[0]!;
      expect(first.title, source.name).toBe(source.kind === 'json' ? expected[0]!.body : expected[0]!.title);
      expect(first.url, source.name).toMatch(new RegExp(`^${server.url}/`));
      expect(parseFeedDate(first.published)?.getTime(), source.name).toBe(expected[0]!.publishedAt.getTime());
      if (source.url.includes('gbk')) expect(result.charset).toMatch(/^gb18030/);

      if (adapter.fetchArticle && source.kind === 'html') {
        const withBody = await adapter.fetchArticle(first, config, egress);
        expect(withBody.body).toContain(expected[0]!.paragraphs[0]!);
      }
      const again = await collectWith(adapter, { url: source.url, config, etag: result.etag, lastModified: result.lastModified }, egress);
      expect(again.notModified, source.name).toBe(true);
    }
  });
});
