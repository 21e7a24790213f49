import { ZodError } from 'zod';
import { describe, expect, it } from 'vitest';
import { sourceKinds } from '../source.ts';
import { adapterFor, validateSourceConfig } from './registry.ts';

describe('adapterFor', () => {
  it.each(sourceKinds)('has an adapter for %s', (kind) => {
    expect(adapterFor(kind).kind).toBe(kind);
  });

  it('refuses an unknown kind', () => {
    expect(() => adapterFor('ftp' as never)).toThrow(/no adapter/);
  });
});

describe('validateSourceConfig', () => {
  it('fills defaults for html selectors and json mappings', () => {
    expect(validateSourceConfig('html', { selectors: { item: 'li', title: 'a', link: 'a' } })).toEqual({
      selectors: { item: 'li', title: 'a', link: 'a', linkAttr: 'href' },
    });
    expect(validateSourceConfig('json', { mapping: { title: 'title' } })).toEqual({ mapping: { items: '', title: 'title' } });
    expect(validateSourceConfig('rss', undefined)).toEqual({});
    expect(validateSourceConfig('rss', { selectors: { item: 'x' } })).toEqual({});
  });

  it('lists every problem at once', () => {
    let caught: unknown;
    try {
      validateSourceConfig('html', { selectors: { item: '', link: 'a', date: 5 } });
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ZodError);
    const paths = (caught as ZodError).issues.map((i) => i.path.join('.')).sort();
    expect(paths).toEqual(['selectors.date', 'selectors.item', 'selectors.title']);
  });

  it('requires selectors for html and a mapping for json', () => {
    expect(() => validateSourceConfig('html', {})).toThrow(ZodError);
    expect(() => validateSourceConfig('json', { selectors: { item: 'li', title: 'a', link: 'a' } })).toThrow(ZodError);
  });
});
