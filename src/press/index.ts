/**
 * Press work (新闻发布): events and the people who speak at them, the quota engine for the
 * directive's press-conference requirements, coverage after each conference, reports.
 */
export * from './press.ts';
export { PressStore } from './press.store.ts';
export { PressService, toPressEventView, type PressEventView, type QuotaReport, type QuotaStatusView } from './press.service.ts';
export * from './periods.ts';
export * from './quota.ts';
export { calendarFeedRoutes, pressRoutes } from './press.routes.ts';
export * from './coverage.ts';
export * from './policy.ts';
export { PolicyStore } from './policy.store.ts';
export { PolicyService, toPolicyDocumentView, type PolicyDocumentView, type PolicySyncResult } from './policy.service.ts';
export { toICalendar } from './calendar.ts';
export { CalendarSubscriptions, CalendarSubscriptionStore, type CalendarSubscription } from './calendar-subscriptions.ts';
