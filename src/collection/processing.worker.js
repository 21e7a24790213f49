// Entry of a processing worker thread (see processing-pool.ts). Huiying runs its TypeScript through
// tsx without a build step, and a worker starts without its parent's loaders, so this plain
// JavaScript file registers tsx and hands over to the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./processing-worker.ts');
