export { blockedMessage, decideSyncWindows, type SyncWindowDecision, type SyncWindowTarget, syncWindowTargetOf } from './sync-windows';
export { validateWindowDuration } from './window-timing';
export { parseCronSchedule } from './cron-schedule';
export { validateTimeZone } from './time-zone';
