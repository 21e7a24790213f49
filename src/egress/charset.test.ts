import fs from 'node:fs';
import path from 'node:path';
import iconv from 'iconv-lite';
import { afterEach, describe, expect, it } from 'vitest';
import { charsetParam, decodeBody, normalizeCharset } from './charset.ts';
import { createEgress } from './egress.ts';
import { startTestServer } from '../../test/helpers/tracking-server.ts';
import type { TestServer } from '../../test/helpers/tracking-server.ts';
import type { Egress } from './types.ts';

const feeds = path.resolve(import.meta.dirname, '../../../shared/data/feeds');
const read = (file: string) => fs.readFileSync(path.join(feeds, file));

/** py-feedparser test files state their HTTP header in a comment: `Header: Content-type: …`. */
function pseudoHeader(body: Buffer): string | null {
  return /^Header:\s*Content-type:\s*(.+)$/im.exec(body.toString('latin1'))?.[1]?.trim() ?? null;
}

describe('decodeBody on shared feed files', () => {
  // file, expected charset, expected source, texts the decoded document must contain
  const table: Array<[string, string, string, string[]]> = [
    ['py-feedparser/encoding/big5.xml', 'big5', 'declaration', ['<rss>']],
    ['py-feedparser/illformed/chardet/big5.xml', 'big5', 'detected', ['<title>我希望', '成中文']],
    ['py-feedparser/encoding/euc-kr.xml', 'euc-kr', 'declaration', ['<title>년</title>']],
    ['py-feedparser/encoding/http_application_atom_xml_gb2312_charset.xml', 'gb18030', 'header', ['<feed']],
    // the header says gb2312 while the document says utf-8: the header wins (RFC 7303)
    ['py-feedparser/encoding/http_application_atom_xml_gb2312_charset_overrides_encoding.xml', 'gb18030', 'header', ['<feed']],
    ['py-feedparser/encoding/http_application_atom_xml_gb2312_encoding.xml', 'gb18030', 'declaration', ['<feed']],
    ['py-feedparser/encoding/utf-16le-bom.xml', 'utf-16le', 'bom', ['Wellformed UTF-16 with Byte Order Mark', '<rss>']],
    ['py-feedparser/encoding/utf-8-bom.xml', 'utf-8', 'bom', ['Wellformed UTF-8 with Byte Order Mark']],
    ['py-feedparser/encoding/bozo_invalid-bytes-with-bom.xml', 'utf-8', 'bom', ['Valid UTF8: Ѩ', 'Invalid UTF8: Espa\ufffda']],
    ['miniflux/encoding-iso-8859-1.xml', 'windows-1252', 'declaration', ['<title>Café</title>', 'Présentation']],
    ['miniflux/encoding_ISO-8859-1.xml', 'windows-1252', 'declaration', ['Von KI erstelltes Porträt für 432.500', 'Wochenrückblick']],
    ['miniflux/encoding-windows-1252.xml', 'windows-1252', 'declaration', ['<title>Euro €</title>']],
    ['miniflux/encoding-koi8r.xml', 'koi8-r', 'declaration', ['Пример RSS ленты', 'Первая новость']],
    ['miniflux/encoding_WINDOWS-1251.xml', 'windows-1251', 'declaration', ['Новый цитатник Рунета', 'Цитата #17703']],
    // declared utf-8, actually latin-1: the bytes are not UTF-8, so detection decides
    ['miniflux/xml-iso88591_utf8_mismatch.xml', 'windows-1252', 'detected', ['<to>Anaïs</to>', '<from>Jürgen</from>']],
    // declared latin-1/windows-1252, actually UTF-8: valid non-ASCII UTF-8 beats a legacy label
    ['miniflux/encoding-utf8-incorrect-prolog.xml', 'utf-8', 'detected', ['테스트 피드', '<title>Café</title>']],
    ['miniflux/encoding-windows-1252-incorrect-prolog.xml', 'utf-8', 'detected', ['<title>Euro €</title>']],
    ['rss-parser/encoding.rss', 'windows-1252', 'declaration', ['Jornal de Notícias - Últimas Notícias', 'Rede de Informação']],
  ];

  it.each(table)('%s → %s (%s)', (file, charset, source, expected) => {
    const body = read(file);
    const decoded = decodeBody(body, pseudoHeader(body), 'xml');
    expect(decoded.charset).toBe(charset);
    expect(decoded.charsetSource).toBe(source);
    for (const text of expected) expect(decoded.text).toContain(text);
    expect(decoded.text.charCodeAt(0)).not.toBe(0xfeff);
  });

  it('does not crash on a stray high byte without any declaration', () => {
    const decoded = decodeBody(read('py-feedparser/encoding/bozo_encoding_mismatch_crash.xml'), null, 'xml');
    expect(decoded.charsetSource).toBe('detected');
    expect(decoded.text).toContain('<a href="http://www.example.com/">');
  });
});

describe('decodeBody rules', () => {
  const gbk = (s: string) => iconv.encode(s, 'gbk');
  const title = '江西省司法厅关于进一步加强政务舆情回应工作的通知';

  it('reads <meta charset> and <meta http-equiv> in HTML', () => {
    const short = `<html><head><meta charset="gbk"><title>${title}</title></head></html>`;
    const legacy = `<html><head><META HTTP-EQUIV="Content-Type" CONTENT="text/html; charset=gb2312"><title>${title}</title>`;
    for (const html of [short, legacy]) {
      const decoded = decodeBody(gbk(html), 'text/html', 'html');
      expect(decoded).toMatchObject({ charset: 'gb18030', charsetSource: 'declaration' });
      expect(decoded.text).toContain(title);
    }
  });

  it('ignores a <meta charset> beyond the first 2 KB and detects instead', () => {
    const html = `<html><head>${' '.repeat(3000)}<meta charset="windows-1251"><title>${title}</title></head><body>${title}</body></html>`;
    const decoded = decodeBody(gbk(html), null, 'html');
    expect(decoded).toMatchObject({ charset: 'gb18030', charsetSource: 'detected' });
    expect(decoded.text).toContain(title);
  });

  it('prefers the header over <meta>', () => {
    const html = `<meta charset="utf-8"><p>${title}</p>`;
    const decoded = decodeBody(gbk(html), 'text/html; charset=GBK', 'html');
    expect(decoded).toMatchObject({ charset: 'gb18030', charsetSource: 'header' });
    expect(decoded.text).toContain(title);
  });

  it('falls back past a charset iconv-lite does not know', () => {
    const xml = `<?xml version="1.0" encoding="gb2312"?><rss><title>${title}</title></rss>`;
    const decoded = decodeBody(gbk(xml), 'application/xml; charset=x-made-up', 'xml');
    expect(decoded).toMatchObject({ charset: 'gb18030', charsetSource: 'declaration' });
    expect(decoded.text).toContain(title);
    const bare = decodeBody(gbk(`<rss><title>${title}</title></rss>`), 'text/xml; charset="x-made-up"', 'xml');
    expect(bare).toMatchObject({ charset: 'gb18030', charsetSource: 'detected' });
  });

  it('detects GBK in JSON and keeps UTF-8 JSON as it is', () => {
    const json = JSON.stringify({ items: [{ text: title }, { text: '司法行政机关新闻发布会' }] });
    expect(decodeBody(gbk(json), 'application/json', 'json')).toMatchObject({ charset: 'gb18030', charsetSource: 'detected' });
    expect(decodeBody(Buffer.from(json), 'application/json', 'json')).toMatchObject({ charset: 'utf-8', charsetSource: 'default', text: json });
  });

  it('decodes UTF-16BE with a BOM even when the header says otherwise (WHATWG: BOM wins)', () => {
    const body = Buffer.concat([Buffer.from([0xfe, 0xff]), iconv.encode(`<p>${title}</p>`, 'utf-16be')]);
    expect(decodeBody(body, 'text/html; charset=gbk', 'html')).toMatchObject({ charset: 'utf-16be', charsetSource: 'bom', text: `<p>${title}</p>` });
  });

  it('decodes declared Shift_JIS', () => {
    const xml = '<?xml version="1.0" encoding="Shift_JIS"?><rss><title>法務省のお知らせ</title></rss>';
    const decoded = decodeBody(iconv.encode(xml, 'shift_jis'), 'text/xml', 'xml');
    expect(decoded).toMatchObject({ charset: 'shift_jis', charsetSource: 'declaration', text: xml });
  });

  it('uses utf-8 by default for plain ASCII', () => {
    expect(decodeBody(Buffer.from('<rss/>'), null, 'xml')).toMatchObject({ charset: 'utf-8', charsetSource: 'default', text: '<rss/>' });
  });

  it.each([
    ['gb2312', 'gb18030'],
    ['GBK', 'gb18030'],
    ['x-gbk', 'gb18030'],
    ['Big5', 'big5'],
    ['ISO-8859-1', 'windows-1252'],
    ['latin1', 'windows-1252'],
    ['windows-1251', 'windows-1251'],
    ['KOI8-R', 'koi8-r'],
    ['EUC-KR', 'euc-kr'],
    ['Shift_JIS', 'shift_jis'],
    ['windows-1252', 'windows-1252'],
    ['"utf8"', 'utf-8'],
    ['x-made-up', null],
  ])('normalizeCharset(%s) → %s', (label, name) => expect(normalizeCharset(label)).toBe(name));

  it.each([
    ['text/html; charset=GBK', 'GBK'],
    ["application/atom+xml;charset='gb2312'", 'gb2312'],
    ['text/xml; charset="big5"; foo=bar', 'big5'],
    ['text/html', null],
  ])('charsetParam(%s) → %s', (header, label) => expect(charsetParam(header)).toBe(label));
});

describe('decoding through a loopback server', () => {
  let server: TestServer | null = null;
  let egress: Egress | null = null;
  afterEach(async () => {
    await egress?.close();
    await server?.close();
  });

  // Our own Chinese samples, encoded the way many Chinese government sites still serve them.
  const simplified = '<rss><channel><title>江西省司法厅</title><item><title>关于开展政务公开工作的通知</title><description>各设区市司法局：为进一步做好政务舆情回应工作，现将有关事项通知如下。</description></item></channel></rss>';
  const traditional = '<rss><channel><title>臺灣法務部</title><item><title>關於推動政務公開工作的通知</title><description>各機關應於期限內回應民眾關切的問題，並公開處理結果。</description></item></channel></rss>';

  const cases: Array<[string, string, string, string | null, string, string]> = [
    ['GBK with a charset header', simplified, 'gbk', 'application/rss+xml; charset=GBK', 'gb18030', 'header'],
    ['GBK without any label', simplified, 'gbk', 'application/rss+xml', 'gb18030', 'detected'],
    ['Big5 with a charset header', traditional, 'big5', 'text/xml; charset=big5', 'big5', 'header'],
    ['Big5 without any label', traditional, 'big5', null, 'big5', 'detected'],
  ];

  it.each(cases)('%s', async (_name, text, encoding, contentType, charset, source) => {
    const bytes = iconv.encode(text, encoding);
    server = await startTestServer((_req, res) => {
      if (contentType) res.setHeader('Content-Type', contentType);
      res.end(bytes);
    });
    egress = createEgress({ allow: ['127.0.0.1'], timeoutMs: 2000, connectTimeoutMs: 1000, maxBytes: 1 << 20, maxRedirects: 5, perHostConcurrency: 2, userAgent: 't' });
    const response = await egress.fetch({ url: server.url('/feed'), expect: 'xml' });
    expect(response.text).toBe(text);
    expect(response.charset).toBe(charset);
    expect(response.charsetSource).toBe(source);
    expect(response.body.equals(bytes)).toBe(true);
  });

  it('decodes the gzip-compressed windows-1251 feed (node-feedparser/compressed.xml)', async () => {
    const gzipped = read('node-feedparser/compressed.xml');
    server = await startTestServer((_req, res) => {
      res.writeHead(200, { 'Content-Type': 'application/rss+xml', 'Content-Encoding': 'gzip' });
      res.end(gzipped);
    });
    egress = createEgress({ allow: ['127.0.0.1'], timeoutMs: 2000, connectTimeoutMs: 1000, maxBytes: 1 << 20, maxRedirects: 5, perHostConcurrency: 2, userAgent: 't' });
    const response = await egress.fetch({ url: server.url('/compressed.xml'), expect: 'xml' });
    expect(response.body.length).toBe(16940); // the size gzip records for the original file
    expect(response).toMatchObject({ charset: 'windows-1251', charsetSource: 'declaration' });
    expect(response.text).toContain('<title>Новости Оренбурга и области / Раздел Новости</title>');
    expect(response.text).toContain('В Бузулуке главные стройплощадки');
  });
});
