/** Mentions: stored items, their stories (repost groups), listing and export. */
export { MentionStore, type ExportRow, type MentionQuery } from './mention.store.ts';
export { mentionsRoutes } from './mentions.routes.ts';
export type { Mention, MentionView, NewMention } from './mention.ts';
