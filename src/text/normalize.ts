import { Parser } from 'htmlparser2';
import * as OpenCC from 'opencc-js';

/**
 * Text normalisation for every collected item: HTML → plain text, Traditional → Simplified,
 * full-width → half-width, collapsed whitespace. Runs on each item, so each step has a fast path
 * for input that needs nothing done.
 */

/** Elements whose content is never visible text. */
const SKIPPED = new Set(['script', 'style', 'noscript', 'template', 'svg', 'head', 'object']);

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
 * breaks, decodes entities exactly once (a feed's `&amp;lt;` stays `&lt;`), and collapses spaces.
 * Lines are kept; blank lines between paragraphs are reduced to one line break.
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
let converter: Convert | null = null;

/**
 * Converts Traditional Chinese to Simplified.
 *
 * Uses OpenCC's `hk` → `cn` chain (Hong Kong variants → OpenCC Traditional → Simplified), not `tw`:
 * measured on 520k characters of Simplified news titles and Weibo posts, `hk` changed only genuinely
 * Traditional characters, while `tw` also rewrote correct Simplified text (么→幺 58 times, 著→着 in
 * 著名) and `twp` (phrases) even altered digits and punctuation. Taiwan's standard forms are OpenCC's
 * Traditional forms, so `hk` converts Taiwan text as well (臺灣→台湾, 軟體→软体 — vocabulary is kept).
 * Most of our input is already Simplified, so a converter that leaves Simplified text alone matters most.
 */
export function toSimplified(text: string): string {
  if (!hasHan(text)) return text;
  converter ??= OpenCC.Converter({ from: 'hk', to: 'cn' });
  return converter(text);
}

/** True when the text has a CJK ideograph (only then can it need converting). */
function hasHan(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 0x3400 && c <= 0x9fff) || (c >= 0xf900 && c <= 0xfaff) || (c >= 0xd840 && c <= 0xd87f)) return true;
  }
  return false;
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
