import type { SourceConfig, SourceKind } from '../collection/source.ts';
import type { DemoFeedId } from './content.ts';
import { demoFeedPaths } from './demo-paths.ts';

/** A source to seed for the demo; the caller adds `enabled` and marks it as demo. */
export type DemoSourceInput = {
  name: string;
  kind: SourceKind;
  url: string;
  schedule: string;
  weight: number;
  config: SourceConfig;
};

/** Source weights by kind of outlet: official media count most, anonymous posts least. */
export const demoWeights = { officialMedia: 1.5, portal: 1.0, forum: 0.8, social: 0.6 } as const;

const demoSourceTable: { feed: DemoFeedId; name: string; kind: SourceKind; schedule: string; weight: number; config: SourceConfig }[] = [
  { feed: 'official', name: '赣鄱法治网（演示）', kind: 'rss', schedule: '*/30 * * * * *', weight: demoWeights.officialMedia, config: {} },
  { feed: 'legal-daily', name: '法治时报·江西频道（演示）', kind: 'rss', schedule: '*/30 * * * * *', weight: demoWeights.officialMedia, config: {} },
  { feed: 'city-portal', name: '赣中都市网（演示，GBK）', kind: 'rss', schedule: '*/20 * * * * *', weight: demoWeights.portal, config: {} },
  {
    feed: 'county-site',
    name: '江西县域新闻网（演示，网页）',
    kind: 'html',
    schedule: '*/30 * * * * *',
    weight: demoWeights.portal,
    config: {
      selectors: {
        item: 'ul.news-list > li.news-item',
        title: 'a.title',
        link: 'a.title',
        linkAttr: 'href',
        date: 'time.date',
        dateAttr: 'datetime',
        summary: 'p.summary',
        body: 'div.article-content',
      },
    },
  },
  { feed: 'forum', name: '赣鄱论坛·民生法治版（演示，Atom）', kind: 'rss', schedule: '*/20 * * * * *', weight: demoWeights.forum, config: {} },
  { feed: 'self-media', name: '公众号聚合·法治频道（演示）', kind: 'rss', schedule: '*/20 * * * * *', weight: demoWeights.social, config: {} },
  {
    feed: 'social',
    name: '微言江西（演示，社交平台）',
    kind: 'json',
    schedule: '*/20 * * * * *',
    weight: demoWeights.social,
    config: {
      mapping: {
        items: 'data.list',
        id: 'mid',
        title: 'text',
        body: 'text',
        url: 'url',
        date: 'created_at',
        author: 'user.screen_name',
      },
    },
  },
];

/** The sources to seed for the demo server at `baseUrl` (no trailing slash). */
export function demoSources(baseUrl: string): DemoSourceInput[] {
  const base = baseUrl.replace(/\/+$/, '');
  return demoSourceTable.map(({ feed, ...source }) => ({ ...source, url: base + demoFeedPaths[feed] }));
}
