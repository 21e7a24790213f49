import { indexFromMid, socialMid, type DemoFeedId, type DemoItem } from './content.ts';

/** Where the demo server serves each feed's list document. */
export const demoFeedPaths: Record<DemoFeedId, string> = {
  official: '/feeds/official.xml',
  'legal-daily': '/feeds/legal-daily.xml',
  'city-portal': '/feeds/city-portal-gbk.xml',
  'self-media': '/feeds/self-media.xml',
  forum: '/forum/atom.xml',
  'county-site': '/county/list.html',
  social: '/social/api/timeline.json',
};

const feedByPath = new Map<string, DemoFeedId>(Object.entries(demoFeedPaths).map(([id, path]) => [path, id as DemoFeedId]));

/** The feed whose list document is served at `pathname`, or null. */
export function feedAtPath(pathname: string): DemoFeedId | null {
  return feedByPath.get(pathname) ?? null;
}

/** The path of one item's own page, as the feeds link to it. */
export function demoItemPath(item: Pick<DemoItem, 'feedId' | 'index'>): string {
  switch (item.feedId) {
    case 'county-site':
      return `/county/article/${item.index}.html`;
    case 'forum':
      return `/forum/thread/${item.index}.html`;
    case 'social':
      return `/social/status/${socialMid(item.index)}`;
    default:
      return `/news/${item.feedId}/${item.index}.html`;
  }
}

const newsPage = /^\/news\/(official|legal-daily|city-portal|self-media)\/(\d{1,12})\.html$/;

/** Reads an item page path back to its feed and index; null when the path is not an item page. */
export function parseDemoItemPath(pathname: string): { feedId: DemoFeedId; index: number } | null {
  const news = newsPage.exec(pathname);
  if (news) return { feedId: news[1] as DemoFeedId, index: Number(news[2]) };
  const county = /^\/county\/article\/(\d{1,12})\.html$/.exec(pathname);
  if (county) return { feedId: 'county-site', index: Number(county[1]) };
  const thread = /^\/forum\/thread\/(\d{1,12})\.html$/.exec(pathname);
  if (thread) return { feedId: 'forum', index: Number(thread[1]) };
  const status = /^\/social\/status\/(\d+)$/.exec(pathname);
  if (status) {
    const index = indexFromMid(status[1] ?? '');
    return index === null ? null : { feedId: 'social', index };
  }
  return null;
}
