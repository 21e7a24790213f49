/**
 * Decodes a response body to text, finding its character encoding the way feed readers and
 * browsers do. Chinese sites still serve GBK/GB2312 and Big5, often mislabelled, so the order matters:
 *
 *   1. a byte order mark (WHATWG Encoding "decode": a BOM overrides any label);
 *   2. the charset parameter of the HTTP Content-Type (RFC 7303: it wins over the XML declaration);
 *   3. the document's own declaration: `<?xml … encoding="…"?>` for XML, `<meta charset>` or
 *      `<meta http-equiv content="…; charset=…">` in the first 2 KB for HTML;
 *   4. detection (chardet) when the bytes are not valid UTF-8;
 *   5. otherwise UTF-8.
 *
 * A label is distrusted when the bytes contradict it: a "utf-8" label on invalid UTF-8 falls through
 * to the next step, and a legacy label (iso-8859-1, gb2312…) on bytes that are valid UTF-8 and not plain
 * ASCII is treated as mislabelled UTF-8 (as Miniflux does), since legacy text almost never happens
 * to be valid UTF-8. Labels unknown to iconv-lite also fall through to the next step.
 */
import { isAscii, isUtf8 } from 'node:buffer';
import chardet from 'chardet';
import iconv from 'iconv-lite';

export type CharsetSource = 'header' | 'bom' | 'declaration' | 'detected' | 'default';

export interface DecodedBody {
  text: string;
  /** Lower-case WHATWG-style encoding name, e.g. utf-8, gb18030, big5, windows-1252. */
  charset: string;
  charsetSource: CharsetSource;
}

// Labels whose WHATWG encoding differs from the label itself (https://encoding.spec.whatwg.org/#names-and-labels).
// GB2312 and GBK are subsets of GB18030, so decoding with GB18030 never loses a character; likewise
// browsers decode ISO-8859-1 and US-ASCII as windows-1252.
const whatwgNames: Record<string, string> = {
  utf8: 'utf-8',
  'unicode-1-1-utf-8': 'utf-8',
  gb2312: 'gb18030',
  gbk: 'gb18030',
  'x-gbk': 'gb18030',
  'gb_2312-80': 'gb18030',
  csgb2312: 'gb18030',
  chinese: 'gb18030',
  cp936: 'gb18030',
  'windows-936': 'gb18030',
  'iso-ir-58': 'gb18030',
  'big5-hkscs': 'big5',
  'cn-big5': 'big5',
  csbig5: 'big5',
  'x-x-big5': 'big5',
  cp950: 'big5',
  'iso-8859-1': 'windows-1252',
  'iso8859-1': 'windows-1252',
  iso_8859_1: 'windows-1252',
  latin1: 'windows-1252',
  l1: 'windows-1252',
  ascii: 'windows-1252',
  'us-ascii': 'windows-1252',
  cp1252: 'windows-1252',
  cp1251: 'windows-1251',
  'x-cp1251': 'windows-1251',
  koi8: 'koi8-r',
  koi: 'koi8-r',
  'ks_c_5601-1987': 'euc-kr',
  cp949: 'euc-kr',
  'windows-949': 'euc-kr',
  sjis: 'shift_jis',
  'x-sjis': 'shift_jis',
  ms932: 'shift_jis',
  'windows-31j': 'shift_jis',
  'utf-16': 'utf-16le',
  'x-user-defined': 'windows-1252',
};

/** Maps an encoding label to the lower-case name we decode with, or null if iconv-lite lacks it. */
export function normalizeCharset(label: string): string | null {
  const cleaned = label.trim().replace(/^["']|["']$/g, '').trim().toLowerCase();
  if (!cleaned) return null;
  const name = whatwgNames[cleaned] ?? cleaned;
  return iconv.encodingExists(name) ? name : null;
}

/** Decodes body bytes to text, choosing the charset from BOM, header, declaration or detection. */
export function decodeBody(
  body: Buffer,
  contentType: string | null,
  expect: 'xml' | 'html' | 'json' | 'any',
): DecodedBody {
  const bom = sniffBom(body);
  if (bom) return decodeWith(body, bom, 'bom');

  // A label we cannot use (unknown to iconv-lite, or contradicted by the bytes) passes the decision on.
  const headerLabel = contentType ? charsetParam(contentType) : null;
  const fromHeader = headerLabel ? trustLabel(body, headerLabel) : null;
  if (fromHeader) return decodeWith(body, fromHeader.charset, fromHeader.mislabelled ? 'detected' : 'header');

  const declared = declaredCharset(body, expect);
  const fromDeclaration = declared ? trustLabel(body, declared) : null;
  if (fromDeclaration) {
    return decodeWith(body, fromDeclaration.charset, fromDeclaration.mislabelled ? 'detected' : 'declaration');
  }

  if (isUtf8(body)) return decodeWith(body, 'utf-8', headerLabel || declared ? 'detected' : 'default');
  const detected = detectCharset(body);
  return detected ? decodeWith(body, detected, 'detected') : decodeWith(body, 'utf-8', 'default');
}

/** WHATWG BOM sniffing: UTF-8 EF BB BF, UTF-16BE FE FF, UTF-16LE FF FE. */
function sniffBom(body: Buffer): string | null {
  if (body[0] === 0xef && body[1] === 0xbb && body[2] === 0xbf) return 'utf-8';
  if (body[0] === 0xfe && body[1] === 0xff) return 'utf-16be';
  if (body[0] === 0xff && body[1] === 0xfe) return 'utf-16le';
  return null;
}

/**
 * Checks a label against the bytes. Returns the charset to use, flagged `mislabelled` when valid
 * non-ASCII UTF-8 overrides a legacy label; null when the label is unusable and detection should decide.
 */
function trustLabel(body: Buffer, label: string): { charset: string; mislabelled: boolean } | null {
  const charset = normalizeCharset(label);
  if (!charset) return null;
  if (charset === 'utf-8') return isUtf8(body) ? { charset, mislabelled: false } : null;
  // UTF-16 without a BOM is unusual enough that we trust the label as given.
  if (charset.startsWith('utf-16')) return { charset, mislabelled: false };
  if (!isAscii(body) && isUtf8(body)) return { charset: 'utf-8', mislabelled: true };
  return { charset, mislabelled: false };
}

/** The charset parameter of a Content-Type value (RFC 9110 8.3.1), quotes removed. */
export function charsetParam(contentType: string): string | null {
  const match = /;\s*charset\s*=\s*("[^"]*"|'[^']*'|[^;\s]*)/i.exec(contentType);
  const value = match?.[1]?.replace(/^["']|["']$/g, '').trim();
  return value ? value : null;
}

/** The encoding a document declares about itself in its first bytes, if any. */
function declaredCharset(body: Buffer, expect: 'xml' | 'html' | 'json' | 'any'): string | null {
  // JSON is UTF-8 by definition (RFC 8259 8.1) and has nowhere to declare anything else.
  if (expect === 'json') return null;
  // Declarations are ASCII, so reading the head as latin1 finds them in any ASCII-compatible encoding.
  const head = body.subarray(0, 2048).toString('latin1');
  const label = (expect !== 'html' ? xmlDeclaredEncoding(head) : null) ?? (expect !== 'xml' ? metaCharset(head) : null);
  // A UTF-16 declaration readable as ASCII is necessarily wrong; WHATWG HTML treats it as UTF-8.
  if (label && /^utf-?16/i.test(label.trim())) return 'utf-8';
  return label;
}

/** `<?xml version="1.0" encoding="gb2312"?>` (XML 1.0 §4.3.3); must open the document. */
function xmlDeclaredEncoding(head: string): string | null {
  return /^\s*<\?xml\s[^>]*?\bencoding\s*=\s*["']([A-Za-z][\w.:-]*)["']/.exec(head)?.[1] ?? null;
}

/**
 * `<meta charset="gbk">` or `<meta http-equiv="Content-Type" content="text/html; charset=gb2312">`
 * in the first 2 KB: a simplified form of the WHATWG HTML "prescan a byte stream" algorithm.
 */
function metaCharset(head: string): string | null {
  const withoutComments = head.replace(/<!--[\s\S]*?-->/g, '');
  for (const tag of withoutComments.match(/<meta\b[^>]*>/gi) ?? []) {
    const label = /\bcharset\s*=\s*["']?\s*([\w.:-]+)/i.exec(tag)?.[1];
    if (label) return label;
  }
  return null;
}

/** Guesses the encoding of bytes that are not valid UTF-8, with chardet. */
function detectCharset(body: Buffer): string | null {
  // 64 KB is plenty of evidence and keeps detection fast on multi-megabyte pages.
  for (const match of chardet.analyse(body.subarray(0, 64 * 1024))) {
    const charset = normalizeCharset(match.name);
    if (charset && charset !== 'utf-8') return charset;
  }
  return null;
}

function decodeWith(body: Buffer, charset: string, charsetSource: CharsetSource): DecodedBody {
  let text = iconv.decode(body, charset);
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  return { text, charset, charsetSource };
}
