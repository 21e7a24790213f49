import { describe, expect, it } from 'vitest';
import { normalizeForMatching } from '../text/normalize.ts';
import { gazetteerNames, loadGazetteer } from './gazetteer.ts';

const g = loadGazetteer();

describe('the Jiangxi gazetteer', () => {
  it('holds 11 cities and 100 county-level divisions with consistent codes', () => {
    expect(g.data.cities).toHaveLength(11);
    expect(g.data.cities.reduce((n, c) => n + c.counties.length, 0)).toBe(100);
    const names = new Set<string>();
    for (const city of g.data.cities) {
      expect(city.counties.length).toBeGreaterThan(0);
      for (const county of city.counties) {
        expect(names.has(county.name)).toBe(false);
        names.add(county.name);
        if (county.code && city.code) expect(county.code.slice(0, 4)).toBe(city.code.slice(0, 4));
      }
    }
  });
});

describe('Gazetteer.find', () => {
  it.each([
    ['南昌市司法局召开会议', ['南昌市'], []],
    ['青山湖区一小区发生纠纷', ['南昌市'], ['青山湖区']],
    ['瑞金市和于都县联合开展普法', ['赣州市'], ['瑞金市', '于都县']],
    ['九江、上饶两地律师协会座谈', ['九江市', '上饶市'], []],
    ['吉安县司法局', ['吉安市'], ['吉安县']],
    ['吉安的律师', ['吉安市'], []],
    ['井冈山市开展法律援助', ['吉安市'], ['井冈山市']],
    ['新建一批公共法律服务站', [], []],
    ['莲花盛开，万年不变，上高速回家', [], []],
    ['莲花县司法局', ['萍乡市'], ['莲花县']],
    ['北京市司法局', [], []],
  ])('%s', (text, cities, counties) => {
    const found = g.find(normalizeForMatching(text));
    expect(found.cities).toEqual(cities);
    expect(found.counties).toEqual(counties);
  });

  it('reads Traditional input once normalised, and reports where it matched', () => {
    const found = g.find(normalizeForMatching('贛州市章貢區'));
    expect(found.hits).toEqual([
      { city: '赣州市', county: null, matched: '赣州市', offset: 0 },
      { city: '赣州市', county: '章贡区', matched: '章贡区', offset: 3 },
    ]);
  });
});

describe('loading another province', () => {
  it('loads a valid file and reports every problem of a bad one with the file name', async () => {
    const fs = await import('node:fs');
    const os = await import('node:os');
    const path = await import('node:path');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gazetteer-'));
    const good = path.join(dir, 'hunan.json');
    fs.writeFileSync(good, JSON.stringify({ province: '湖南省', cities: [{ name: '长沙市', short: '长沙', counties: [{ name: '岳麓区' }, { name: '浏阳市', short: '浏阳' }] }] }));
    const hunan = loadGazetteer(good);
    expect(hunan.find('浏阳一律所被投诉').cities).toEqual(['长沙市']);
    expect(gazetteerNames(hunan.data)).toEqual(['长沙市', '长沙', '岳麓区', '浏阳市', '浏阳']);
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ province: 'x', cities: [] }));
    expect(() => loadGazetteer(bad)).toThrow(/bad\.json: province: .*; cities: /);
    expect(() => loadGazetteer(path.join(dir, 'missing.json'))).toThrow(/missing\.json: ENOENT/);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
