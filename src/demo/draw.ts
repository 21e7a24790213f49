/**
 * Deterministic draws for the demo's content: a string hash (cyrb53) seeds a small PRNG (mulberry32),
 * one stream per key (seed, feed, item, purpose), and the picks and slot filling built on it. Shared
 * by the generator (content.ts), the writers' voices (voices.ts) and the demo's labels (models.ts).
 */

function hashString(text: string): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0) * 2 ** 21 + (h1 >>> 11);
}

export type Rng = () => number;

/** A deterministic random stream in [0, 1) for the given key parts. */
export function rngFor(...parts: (string | number)[]): Rng {
  let a = hashString(parts.join('\u0001')) >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** One element of `list`, drawn from `rng`. */
export function pick<T>(rng: Rng, list: readonly T[]): T {
  const value = list[Math.floor(rng() * list.length)];
  if (value === undefined) throw new Error('pick from an empty list');
  return value;
}

/** An integer in [min, max]. */
export function intBetween(rng: Rng, min: number, max: number): number {
  return min + Math.floor(rng() * (max - min + 1));
}

/** A key of `weights`, drawn in proportion to its weight. */
export function pickWeighted<K extends string>(rng: Rng, weights: Record<K, number>): K {
  const entries = Object.entries(weights) as [K, number][];
  const total = entries.reduce((sum, [, w]) => sum + w, 0);
  let r = rng() * total;
  for (const [key, w] of entries) {
    if (w <= 0) continue;
    r -= w;
    if (r < 0) return key;
  }
  const last = entries.filter(([, w]) => w > 0).at(-1);
  if (!last) throw new Error('no positive weight');
  return last[0];
}

/** Replaces `{slot}` placeholders; throws on a placeholder with no value, so a typo cannot ship. */
export function fillSlots(text: string, slots: object): string {
  return text.replace(/\{(\w+)\}/g, (_, key: string) => {
    const value = (slots as Record<string, unknown>)[key];
    if (typeof value !== 'string') throw new Error(`unknown slot {${key}} in "${text}"`);
    return value;
  });
}
