import { describe, expect, it } from 'vitest';
import { canonicalizeUrl } from './canonical-url.ts';

describe('canonicalizeUrl', () => {
  it.each([
    // scheme and host lower-cased, default ports and fragments dropped
    ['HTTP://WWW.Example.COM/News/A.html', 'http://www.example.com/News/A.html'],
    ['https://example.com:443/a', 'https://example.com/a'],
    ['http://example.com:80/a', 'http://example.com/a'],
    ['http://example.com:8080/a', 'http://example.com:8080/a'],
    ['https://example.com/a#comments', 'https://example.com/a'],
    ['https://example.com', 'https://example.com/'],
    // trailing slashes are kept as written
    ['https://example.com/news/', 'https://example.com/news/'],
    ['https://example.com/news', 'https://example.com/news'],
    // tracking parameters dropped, the rest sorted by name
    ['https://example.com/a?utm_source=weibo&utm_medium=social&id=5', 'https://example.com/a?id=5'],
    ['https://example.com/a?b=2&a=1&c=3', 'https://example.com/a?a=1&b=2&c=3'],
    ['https://example.com/a?tag=x&tag=a', 'https://example.com/a?tag=x&tag=a'],
    ['https://example.com/a?spm=a2c4g.11186623&id=7&fbclid=IwAR0&gclid=xyz', 'https://example.com/a?id=7'],
    ['https://example.com/a?UTM_Campaign=x&page=2', 'https://example.com/a?page=2'],
    ['https://example.com/a?from=timeline&isappinstalled=0', 'https://example.com/a'],
    ['https://example.com/a?', 'https://example.com/a'],
    ['https://example.com/a?&&id=1&', 'https://example.com/a?id=1'],
    // WeChat article: __biz/mid/idx/sn identify it; share context is dropped on that host only
    [
      'https://mp.weixin.qq.com/s?__biz=MzA3&mid=2650&idx=1&sn=abc&chksm=84a1&scene=21&sessionid=1600&key=k1&ascene=1&pass_ticket=pt#wechat_redirect',
      'https://mp.weixin.qq.com/s?__biz=MzA3&idx=1&mid=2650&sn=abc',
    ],
    ['https://example.com/search?key=%E5%8F%B8%E6%B3%95&lang=zh', 'https://example.com/search?key=%E5%8F%B8%E6%B3%95&lang=zh'],
    ['https://www.bilibili.com/video/BV1xx?spm_id_from=333.1007&vd_source=ab12&p=2', 'https://www.bilibili.com/video/BV1xx?p=2'],
    ['https://weibo.com/1234/AbCd?wm=3333_2001&sudaref=www.baidu.com&type=comment', 'https://weibo.com/1234/AbCd?type=comment'],
    // percent-escapes upper-cased, raw pairs otherwise untouched (no + / %20 rewriting)
    ['https://hosting.wavpub.cn/dao-sub/2019/03/21/%e7%9f%a5%e4%b9%8e/', 'https://hosting.wavpub.cn/dao-sub/2019/03/21/%E7%9F%A5%E4%B9%8E/'],
    ['https://example.com/s?q=a%20b&r=c+d', 'https://example.com/s?q=a%20b&r=c+d'],
    // non-ASCII hosts and paths are encoded the WHATWG way
    ['http://司法厅.中国/新闻', 'http://xn--imr5jn27d.xn--fiqs8s/%E6%96%B0%E9%97%BB'],
    // hash routes of single-page sites are pages
    ['https://example.com/#/news/12', 'https://example.com/#/news/12'],
    ['https://example.com/#!/news/12', 'https://example.com/#!/news/12'],
    // credentials removed
    ['https://user:secret@example.com/a', 'https://example.com/a'],
    ['  https://example.com/a  ', 'https://example.com/a'],
  ])('%s -> %s', (input, expected) => {
    expect(canonicalizeUrl(input)).toBe(expected);
  });

  it('resolves relative links against the base', () => {
    const base = 'https://sft.example.gov.cn/xwzx/index.html';
    expect(canonicalizeUrl('./202001/t20200110_1.html', base)).toBe('https://sft.example.gov.cn/xwzx/202001/t20200110_1.html');
    expect(canonicalizeUrl('../tzgg/a.shtml?utm_source=x', base)).toBe('https://sft.example.gov.cn/tzgg/a.shtml');
    expect(canonicalizeUrl('/a', base)).toBe('https://sft.example.gov.cn/a');
    expect(canonicalizeUrl('//cdn.example.com/b', base)).toBe('https://cdn.example.com/b');
    expect(canonicalizeUrl('https://other.example.com/c', base)).toBe('https://other.example.com/c');
  });

  it.each([
    [null, undefined],
    ['', undefined],
    ['javascript:void(0)', 'https://example.com/'],
    ['mailto:office@example.com', undefined],
    ['ftp://example.com/file', undefined],
    ['tag:github.com,2008:Repository/1', undefined],
    ['/relative/without/base', undefined],
    ['http://', undefined],
    ['not a url', undefined],
    ['https://exa mple.com/', undefined],
  ])('returns null for %j', (input, base) => {
    expect(canonicalizeUrl(input, base)).toBeNull();
  });
});
