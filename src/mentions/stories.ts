import { hammingDistance, NEAR_DUPLICATE_DISTANCE } from '../text/simhash.ts';

/** A recent mention that a new one could be a repost of. */
export interface StoryCandidate {
  storyId: number;
  simhash: string;
}

/**
 * Picks the story a new mention belongs to: the candidate with the nearest SimHash within the
 * near-duplicate distance, or null when the mention starts a new story. Pure.
 */
export function pickStory(simhash: string, candidates: readonly StoryCandidate[]): number | null {
  let best: StoryCandidate | null = null;
  let bestDistance = NEAR_DUPLICATE_DISTANCE + 1;
  for (const c of candidates) {
    const d = hammingDistance(simhash, c.simhash);
    if (d < bestDistance) {
      best = c;
      bestDistance = d;
      if (d === 0) break;
    }
  }
  return best ? best.storyId : null;
}
