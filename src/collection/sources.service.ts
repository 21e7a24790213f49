import { z } from 'zod';
import { AppError, notFound } from '../shared/errors.ts';
import type { Clock } from '../shared/clock.ts';
import type { EventBus } from '../shared/events.ts';
import { canonicalizeUrl } from './canonical-url.ts';
import type { Collector, RefreshResult } from './collector.ts';
import { validateSchedule } from './schedule.ts';
import { htmlSelectorsSchema, jsonMappingSchema, sourceKinds, toSourceView, type Source, type SourceConfig } from './source.ts';
import type { SourceInput, SourceStore } from './source.store.ts';

const sourceFields = {
  name: z.string().trim().min(1).max(200),
  kind: z.enum(sourceKinds),
  url: z
    .string()
    .trim()
    .max(2000)
    .refine((u) => /^https?:\/\//i.test(u) && canonicalizeUrl(u) !== null, 'must be an http:// or https:// URL'),
  schedule: z
    .string()
    .trim()
    .superRefine((s, ctx) => {
      const problem = validateSchedule(s);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    }),
  weight: z.number().min(0).max(10),
  enabled: z.boolean(),
  config: z.object({ selectors: htmlSelectorsSchema.optional(), mapping: jsonMappingSchema.optional() }).strict(),
};

/** What a user may send to create a source. */
export const sourceInputSchema = z.object({
  ...sourceFields,
  schedule: sourceFields.schedule.default('*/10 * * * *'),
  weight: sourceFields.weight.default(1),
  enabled: sourceFields.enabled.default(true),
  config: sourceFields.config.default({}),
});

/** What a user may send to edit a source: any of the fields, no defaults (absent means unchanged). */
export const sourcePatchSchema = z.object(sourceFields).partial();

/** Checks that the config suits the kind: html needs selectors, json needs a mapping. */
function checkConfigForKind(kind: Source['kind'], config: SourceConfig): void {
  const details: Array<{ path: string; message: string }> = [];
  if (kind === 'html' && !config.selectors) details.push({ path: 'config.selectors', message: 'an html source needs CSS selectors' });
  if (kind === 'json' && !config.mapping) details.push({ path: 'config.mapping', message: 'a json source needs a field mapping' });
  if (details.length) throw new AppError('validation_failed', 'invalid input', details);
}

/** Managing sources: create, edit, delete, fetch now. */
export class SourcesService {
  constructor(
    private readonly store: SourceStore,
    private readonly collector: Collector,
    private readonly events: EventBus,
    private readonly clock: Clock,
  ) {}

  /** Every source. */
  list(): Promise<Source[]> {
    return this.store.list();
  }

  /** One source, or not_found. */
  async get(id: number): Promise<Source> {
    const source = await this.store.get(id);
    if (!source) throw notFound('source', id);
    return source;
  }

  /** Adds a source after checking its kind, URL, schedule and config; it is fetched on the next tick. */
  async create(input: SourceInput): Promise<Source> {
    checkConfigForKind(input.kind, input.config);
    if (await this.store.findByUrl(input.kind, input.url)) {
      throw new AppError('conflict', `a ${input.kind} source with this URL already exists`);
    }
    const source = await this.store.create(input, this.clock.now());
    this.events.publish('source.updated', { source: toSourceView(source) });
    return source;
  }

  /** Edits a source's settings. */
  async update(id: number, patch: Partial<SourceInput>): Promise<Source> {
    const current = await this.get(id);
    checkConfigForKind(patch.kind ?? current.kind, patch.config ?? current.config);
    const source = await this.store.update(id, patch, this.clock.now()).catch((err: unknown) => {
      if (/unique|duplicate/i.test(String((err as Error).message))) {
        throw new AppError('conflict', 'a source of this kind with this URL already exists');
      }
      throw err;
    });
    if (!source) throw notFound('source', id);
    this.events.publish('source.updated', { source: toSourceView(source) });
    return source;
  }

  /** Deletes a source and everything collected from it. */
  async remove(id: number): Promise<void> {
    if (!(await this.store.remove(id))) throw notFound('source', id);
    this.events.publish('source.deleted', { sourceId: id });
  }

  /** Collects one source now ("fetch now"), even when disabled; busy when it is being fetched already. */
  async fetchNow(id: number): Promise<RefreshResult> {
    const result = await this.collector.refreshSource(await this.get(id));
    if (result.outcome === 'skipped') throw new AppError('busy', 'this source is being fetched right now');
    return result;
  }

  /** The latest collection runs of a source. */
  async runs(id: number, limit: number) {
    await this.get(id);
    return this.store.recentRuns(id, limit);
  }
}
