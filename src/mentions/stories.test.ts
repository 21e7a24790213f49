import { describe, expect, it } from 'vitest';
import { planStories, StoryIndex } from './stories.ts';

/** A 64-bit SimHash (16 hex digits) from two 32-bit halves. */
const hash = (hi: number, lo: number) => (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
const base = hash(0x12345678, 0x9abcdef0);
/** `base` with the given bit positions (0–63, from the low end) flipped. */
function flip(...bits: number[]): string {
  let hi = 0x12345678;
  let lo = 0x9abcdef0;
  for (const b of bits) {
    if (b < 32) lo ^= 1 << b;
    else hi ^= 1 << (b - 32);
  }
  return hash(hi, lo);
}

describe('StoryIndex', () => {
  it('finds a hash within three bits whichever band the flips fall in, and nothing beyond', () => {
    const index = new StoryIndex([{ storyId: 7, simhash: base }]);
    expect(index.nearest(base)).toEqual({ storyId: 7, distance: 0 });
    // One flip in each of three bands: only the fourth band still matches.
    expect(index.nearest(flip(1, 17, 33))).toEqual({ storyId: 7, distance: 3 });
    expect(index.nearest(flip(60, 61, 62))).toEqual({ storyId: 7, distance: 3 });
    expect(index.nearest(flip(1, 17, 33, 49))).toBeNull();
    expect(index.nearest(flip(1, 2, 3, 4))).toBeNull();
  });

  it('prefers the nearest entry, then the earliest added', () => {
    const index = new StoryIndex();
    index.add(1, flip(1, 2));
    index.add(2, flip(1));
    index.add(3, flip(40));
    expect(index.nearest(base)?.storyId).toBe(2);
    expect(index.nearest(flip(1, 40))?.storyId).toBe(2);
    expect(new StoryIndex([{ storyId: 5, simhash: flip(3) }, { storyId: 4, simhash: flip(4) }]).nearest(base)?.storyId).toBe(5);
    expect(index.size).toBe(3);
  });

  it('rejects a malformed hash', () => {
    expect(() => new StoryIndex().add(1, 'xyz')).toThrow(/simhash/);
    expect(() => new StoryIndex().nearest('0123')).toThrow(/simhash/);
  });
});

describe('planStories', () => {
  it('joins recent stories, starts new ones, and lets later mentions join a story the batch started', () => {
    const recent = new StoryIndex([{ storyId: 42, simhash: base }]);
    const other = hash(0x0f0f0f0f, 0xf0f0f0f0);
    const plans = planStories([flip(5), other, hash(0x0f0f0f0f, 0xf0f0f0f1), hash(0x55555555, 0x55555555)], recent);
    expect(plans).toEqual([{ storyId: 42 }, { leader: 1 }, { leader: 1 }, { leader: 3 }]);
  });

  it('joins a story only near its leader, never through a chain of members', () => {
    const recent = new StoryIndex([{ storyId: 42, simhash: base }]);
    // The second is 1 bit from the first, which joined story 42, but 4 bits from 42's leader.
    expect(planStories([flip(1, 2, 3), flip(1, 2, 3, 4)], recent)).toEqual([{ storyId: 42 }, { leader: 1 }]);
    // Within a batch too: a new story's members do not extend its reach.
    expect(planStories([base, flip(1, 2, 3), flip(1, 2, 3, 4), flip(4)], new StoryIndex())).toEqual([{ leader: 0 }, { leader: 0 }, { leader: 2 }, { leader: 0 }]);
  });

  it('leaves the recent index as it was', () => {
    const recent = new StoryIndex([{ storyId: 42, simhash: base }]);
    planStories([hash(1, 2), hash(3, 4)], recent);
    expect(recent.size).toBe(1);
    expect(recent.nearest(hash(1, 2))).toBeNull();
  });
});
