/**
 * The built-in demo: synthetic Chinese news and posts served on loopback, the sources to seed for
 * them, and synthetic feeds for the collection benchmark. Public surface.
 */
export { startDemoServer, type DemoServer, type DemoServerOptions } from './demo-server.ts';
export { demoSources, demoWeights, type DemoSourceInput } from './demo-sources.ts';
export { syntheticRss, startSyntheticFeedServer, type SyntheticFeedServer } from './synthetic-feeds.ts';
export {
  DEFAULT_DEMO_SEED,
  demoFeeds,
  demoFeedIds,
  demoIncidentsFrom,
  demoItem,
  itemsAt,
  latestIndexAt,
  type DemoFeed,
  type DemoFeedId,
  type DemoItem,
  type DemoCategory,
  type DemoTone,
  type DemoTopic,
  type DemoIncidents,
} from './content.ts';
export { demoFeedPaths, demoItemPath } from './demo-paths.ts';
export { backfillDemoHistory, type DemoHistory, type DemoHistoryOptions } from './history.ts';
export { DEMO_TRAINING_SET, demoTrainingSets, type DemoTrainingSets } from './models.ts';
