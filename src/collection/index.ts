/** Collection: sources, adapters, the fetch pipeline and its schedule. */
export { Collector, type RefreshResult } from './collector.ts';
export { SourceStore, type SourceInput } from './source.store.ts';
export { SourcesService, sourceInputSchema } from './sources.service.ts';
export { sourcesRoutes } from './sources.routes.ts';
export { toSourceView, type Source, type SourceView, type SourceKind, type FailureCode } from './source.ts';
export { validateSchedule, scheduleNextCheck } from './schedule.ts';
export { inlineProcessor, type ItemProcessor } from './processing.ts';
export { ProcessingPool } from './processing-pool.ts';
