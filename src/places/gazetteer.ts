import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { z } from 'zod';
import { TermScanner } from '../rules/index.ts';

/**
 * A gazetteer of a province's prefecture-level cities and county-level divisions, and the finder
 * that tells which localities a mention is about, for routing cases to the locality responsible
 * (属地管理). Jiangxi ships in data/places/jiangxi.json; another province loads its own file.
 */

const division = z.object({
  name: z.string().min(2),
  /** A form without the 市/县/区 suffix, given only where it is not an everyday word. */
  short: z.string().min(2).optional(),
  code: z.string().regex(/^\d{6}$/).optional(),
});

export const gazetteerSchema = z.object({
  province: z.string().min(2),
  code: z.string().regex(/^\d{6}$/).optional(),
  cities: z.array(division.extend({ counties: z.array(division).min(1) })).min(1),
});
export type GazetteerData = z.infer<typeof gazetteerSchema>;

export const JIANGXI_FILE = fileURLToPath(new URL('../../data/places/jiangxi.json', import.meta.url));

/** Reads and checks a gazetteer file; a bad file fails with its name and every problem. */
export function loadGazetteer(file = JIANGXI_FILE): Gazetteer {
  let raw: unknown;
  try {
    raw = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch (err) {
    throw new Error(`gazetteer ${file}: ${(err as Error).message}`);
  }
  const parsed = gazetteerSchema.safeParse(raw);
  if (!parsed.success) throw new Error(`gazetteer ${file}: ${parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`).join('; ')}`);
  return new Gazetteer(parsed.data);
}

/** Every name and short form of a gazetteer's cities and counties (for the segmenter's dictionary). */
export function gazetteerNames(data: GazetteerData): string[] {
  return data.cities.flatMap((c) => [c.name, c.short, ...c.counties.flatMap((k) => [k.name, k.short])]).filter((n): n is string => !!n);
}

export interface PlaceHit {
  city: string;
  county: string | null;
  /** The text that named it (full or short form). */
  matched: string;
  offset: number;
}

export interface Places {
  hits: PlaceHit[];
  /** Cities in order of first mention (a county's city counts). */
  cities: string[];
  counties: string[];
}

export class Gazetteer {
  private readonly scanner: TermScanner;
  private readonly byName = new Map<string, { city: string; county: string | null }>();

  constructor(readonly data: GazetteerData) {
    for (const city of data.cities) {
      for (const name of [city.name, city.short]) if (name) this.byName.set(name, { city: city.name, county: null });
    }
    // Counties after cities: where a county's short form equals a city's (吉安县 → 吉安), the city keeps it.
    for (const city of data.cities) {
      for (const county of city.counties) {
        this.byName.set(county.name, { city: city.name, county: county.name });
        if (county.short && !this.byName.has(county.short)) this.byName.set(county.short, { city: city.name, county: county.name });
      }
    }
    this.scanner = new TermScanner(this.byName.keys());
  }

  /**
   * The localities a normalised (Simplified) text names. Overlapping names resolve to the longest
   * (青山湖区, not a shorter name inside it), scanning left to right.
   */
  find(text: string): Places {
    const found: { name: string; offset: number }[] = [];
    for (const [name, offsets] of this.scanner.scan(text)) for (const offset of offsets) found.push({ name, offset });
    found.sort((a, b) => a.offset - b.offset || b.name.length - a.name.length);
    const hits: PlaceHit[] = [];
    let end = 0;
    for (const f of found) {
      if (f.offset < end) continue;
      const place = this.byName.get(f.name)!;
      hits.push({ ...place, matched: f.name, offset: f.offset });
      end = f.offset + f.name.length;
    }
    const cities: string[] = [];
    const counties: string[] = [];
    for (const h of hits) {
      if (!cities.includes(h.city)) cities.push(h.city);
      if (h.county && !counties.includes(h.county)) counties.push(h.county);
    }
    return { hits, cities, counties };
  }
}
