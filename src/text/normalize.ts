import { Parser } from 'htmlparser2';
import * as OpenCC from 'opencc-js';
import type { DictLike } from 'opencc-js';

/**
 * Text normalisation for every collected item: HTML → plain text, Traditional → Simplified,
 * full-width → half-width, collapsed whitespace. Runs on each item, so each step has a fast path
 * for input that needs nothing done.
 */

/** Elements whose content is never visible text. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg']);

/** Elements that start and end a line of their own. */
const BLOCKS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'caption', 'center', 'dd', 'details', 'dialog', 'div',
  'dl', 'dt', 'fieldset', 'figcaption', 'figure', 'footer', 'form', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6',
  'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'summary', 'table', 'tbody', 'thead',
  'tfoot', 'tr', 'ul', 'title',
]);

/** Table cells are separated by a space, not a line. */
const CELLS = new Set(['td', 'th']);

/**
 * Strips HTML to plain text: drops script/style/… contents, turns block elements and <br> into line
 * breaks, decodes entities exactly once (a feed's `&amp;lt;` stays `&lt;`), and collapses runs of
 * spaces (&nbsp; and the ideographic space U+3000 included) to one. Lines are kept, trimmed, and
 * empty ones dropped.
 */
export function htmlToText(html: string | null | undefined): string {
  if (!html) return '';
  // Most titles and many summaries are plain text already.
  if (!html.includes('<') && !html.includes('&')) return collapseLines(html);

  const out: string[] = [];
  let skipDepth = 0;
  const parser = new Parser(
    {
      onopentag(name) {
        if (SKIPPED.has(name)) skipDepth++;
        else if (BLOCKS.has(name)) out.push('\n');
        else if (CELLS.has(name)) out.push(' ');
      },
      onclosetag(name) {
        if (SKIPPED.has(name)) skipDepth = Math.max(0, skipDepth - 1);
        else if (BLOCKS.has(name)) out.push('\n');
        else if (CELLS.has(name)) out.push(' ');
      },
      ontext(text) {
        if (skipDepth === 0) out.push(text);
      },
    },
    { decodeEntities: true, lowerCaseTags: true, recognizeSelfClosing: true },
  );
  parser.write(html);
  parser.end();
  return collapseLines(out.join(''));
}

/** Collapses runs of spaces inside lines, trims lines and drops empty ones. */
function collapseLines(text: string): string {
  return text
    .split(/\s*[\n\r\u2028\u2029]\s*/)
    .map((line) => line.replace(/[\s\u200b\ufeff]+/g, ' ').trim())
    .filter((line) => line.length > 0)
    .join('\n');
}

/** Collapses every run of whitespace (line breaks included) to one space and trims. */
export function collapseWhitespace(text: string): string {
  return text.replace(/[\s\u200b\ufeff]+/g, ' ').trim();
}

type Convert = (text: string) => string;

interface Simplifier {
  convert: Convert;
  /** BMP code points that are Traditional-only: converted even on their own (們, 這, 衞 …). */
  traditional: Uint8Array;
}
let simplifier: Simplifier | null = null;

function entries(dict: DictLike): (readonly [string, string])[] {
  if (typeof dict !== 'string') return [...dict];
  return dict.split('|').map((e) => {
    const [from = '', to = ''] = e.split(' ');
    return [from, to] as const;
  });
}

function buildSimplifier(): Simplifier {
  const convert = OpenCC.Converter({ from: 'hk', to: 'cn' });
  const traditional = new Uint8Array(0x10000);
  for (const group of [...(OpenCC.Locale.from.hk ?? []), ...(OpenCC.Locale.to.cn ?? [])]) {
    for (const dict of group) {
      for (const [from] of entries(dict)) {
        if (from.length === 1 && !traditional[from.charCodeAt(0)] && convert(from) !== from) traditional[from.charCodeAt(0)] = 1;
      }
    }
  }
  // CJK Compatibility Ideographs are normalised to unified ones by the converter.
  traditional.fill(1, 0xf900, 0xfb00);
  return { convert, traditional };
}

/** True when the text has a Traditional-only character, or one from CJK extension planes 2–3. */
function hasTraditional(text: string, traditional: Uint8Array): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x3400 && (traditional[c] || (c >= 0xd840 && c <= 0xd8bf))) return true;
  }
  return false;
}

/**
 * Converts Traditional Chinese to Simplified.
 *
 * Uses OpenCC's `hk` → `cn` chain (Hong Kong variants → OpenCC Traditional → Simplified), not `tw`:
 * measured on 520k characters of Simplified news titles and Weibo posts, `hk` changed only genuinely
 * Traditional characters, while `tw` also rewrote correct Simplified text (么→幺 58 times, 著→着 in
 * 著名) and `twp` (phrases) even altered digits and punctuation. Taiwan's standard forms are OpenCC's
 * Traditional forms, so `hk` converts Taiwan text as well (臺灣→台湾, 軟體→软体 — vocabulary is kept).
 *
 * Text with no Traditional-only character (one that converts on its own, like 們 or 這) is returned
 * as it is. That is most of our input, and it must be left alone: OpenCC's phrase table, written for
 * Traditional input, corrupts some Simplified phrases (这一坏消息 → 这一坯消息, 答覆 → 答复). It
 * also makes the common case fast. Mixed text with any Traditional-only character is converted whole.
 */
export function toSimplified(text: string): string {
  simplifier ??= buildSimplifier();
  return hasTraditional(text, simplifier.traditional) ? simplifier.convert(text) : text;
}

/**
 * Converts full-width ASCII (U+FF01–U+FF5E) and the ideographic space (U+3000) to their half-width
 * forms, so `ＡＢＣ１２３` matches `ABC123`. Chinese punctuation outside that block (。、「」《》…)
 * is kept. NFKC is deliberately not used: besides this mapping it rewrites ①→1, ㎡→m2, ²→2, …→...,
 * ™→TM and half-width katakana, which changes what users wrote and what keyword rules see.
 */
export function toHalfWidth(text: string): string {
  let i = 0;
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0xff01 && c <= 0xff5e) || c === 0x3000) break;
  }
  if (i === text.length) return text;
  let out = text.slice(0, i);
  for (; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += text[i];
  }
  return out;
}

/** Normalises plain text for matching: Simplified, half-width, whitespace collapsed to single spaces. */
export function normalizeForMatching(text: string): string {
  return collapseWhitespace(toHalfWidth(toSimplified(text)));
}
