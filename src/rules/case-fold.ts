/**
 * Case folding that keeps every character in its place: each UTF-16 code unit maps to exactly one
 * code unit, so an offset found in folded text is the offset in the text as stored. (String
 * toLowerCase does not promise that: İ U+0130 becomes two code units.) Letters whose lower case is
 * a single code unit are folded — Latin with its accents, and Greek and Cyrillic along with them;
 * Chinese has no case and is left alone.
 */

let table: Uint16Array | null = null;
/** Code units that some other code unit folds to (a, é, ω …). */
let targets: Uint8Array | null = null;

function buildTable(): Uint16Array {
  const fold = new Uint16Array(0x10000);
  targets = new Uint8Array(0x10000);
  for (let c = 0; c < 0x10000; c++) fold[c] = c;
  // Cased scripts live below U+3000 (CJK and beyond have no case), except full-width Latin.
  const ranges: [number, number][] = [
    [0x0041, 0x2fff],
    [0xff21, 0xff3a],
  ];
  for (const [from, to] of ranges) {
    for (let c = from; c <= to; c++) {
      if (c >= 0xd800 && c <= 0xdfff) continue;
      const lower = String.fromCharCode(c).toLowerCase();
      if (lower.length === 1 && lower.charCodeAt(0) !== c) {
        fold[c] = lower.charCodeAt(0);
        targets[fold[c]!] = 1;
      }
    }
  }
  return fold;
}

/** The table from a code unit to its folded code unit (built on first use, 128 KB). */
export function foldTable(): Uint16Array {
  table ??= buildTable();
  return table;
}

/** Folds the case of a text, one code unit for one; returns the same string when nothing changes. */
export function foldCase(text: string): string {
  const fold = foldTable();
  let i = 0;
  while (i < text.length && fold[text.charCodeAt(i)] === text.charCodeAt(i)) i++;
  if (i === text.length) return text;
  let out = text.slice(0, i);
  for (; i < text.length; i++) out += String.fromCharCode(fold[text.charCodeAt(i)]!);
  return out;
}

/**
 * True when a folded text can hold this (folded) word where the stored text has something else,
 * i.e. the word has a letter that upper case folds to. A word without one is found by plain
 * indexOf in the text as stored, with no folded copy needed.
 */
export function needsFolding(word: string): boolean {
  foldTable();
  for (let i = 0; i < word.length; i++) if (targets![word.charCodeAt(i)]) return true;
  return false;
}
