// Entry of a training worker thread (see train-off-thread.ts). A worker starts without its parent's
// loaders, so this plain JavaScript file registers tsx and hands over to the TypeScript body, as
// the collection's processing workers do.
import { register } from 'tsx/esm/api';

register();
await import('./train-worker.ts');
