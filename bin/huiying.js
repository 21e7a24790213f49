#!/usr/bin/env node
// The `huiying` command. Huiying runs its TypeScript through tsx (no build step), so the bin
// registers tsx's loader and hands over to the real entry point.
import { register } from 'tsx/esm/api';

register();
await import('../src/cli/huiying.ts');
