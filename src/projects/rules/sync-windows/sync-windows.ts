import type { AppProject, SyncWindow } from '../../../domain/app-project';
import { globMatch } from '../glob';
import { closesAt, isOpen, nextOccurrence, type WindowTiming, windowTiming } from './window-timing';

/*
 * Argo CD's sync windows (AppProject `spec.syncWindows`): may an application sync now?
 *
 * For the rollout engine and the reconciler alike, one pure call:
 *
 *   decideSyncWindows(project, { name, namespace, cluster: { name, server } }, now, { manual })
 *     → { allowed, reason, blockedBy?, opensAt? }
 *
 * `now` comes from the caller's Clock; nothing here reads the time. `blockedBy` names the window that blocks (its
 * description, or its schedule when it has none); `opensAt` is when the same kind of sync could next start, when
 * that is within a week.
 *
 * Argo CD's rules: a window applies when one of its lists (applications, namespaces, clusters) matches, or, with
 * `andOperator`, when every list it sets matches. With no applicable window a sync is allowed. An open deny window
 * blocks (a manual sync passes when every open deny window has `manualSync`); otherwise an open allow window
 * allows; otherwise applicable allow windows that are all closed block (a manual sync passes when they all have
 * `manualSync`). An invalid applicable window blocks, as in Argo CD. Unlike Argo CD, `clusters` is matched against
 * both the cluster's name and its server, whichever of them the Application spells out.
 */

export interface SyncWindowTarget {
  /** The Application's name. */
  name: string;
  /** Its destination namespace. */
  namespace?: string;
  /** Its destination cluster: the registered name and the API server URL, as far as they are known. */
  cluster?: { name?: string; server?: string };
}

/**
 * An application as its project's windows see it: the destination namespace, and the cluster by its registered name
 * and by its server — the registered cluster's server when known, else the one the destination spells out.
 */
export function syncWindowTargetOf(name: string, destination: { namespace?: string; server?: string }, cluster: { name: string; server?: string }): SyncWindowTarget {
  return { name, namespace: destination.namespace, cluster: { name: cluster.name, server: cluster.server ?? destination.server } };
}

export interface SyncWindowDecision {
  allowed: boolean;
  reason: string;
  /** The window that blocks the sync: its description, or its schedule when it has none. */
  blockedBy?: string;
  /** When a blocked sync of the same kind could start, if that is within a week. */
  opensAt?: Date;
}

const OPENS_AT_HORIZON_MS = 7 * 86_400_000;
// Each step moves to the next time a deny window closes or an allow window opens; real projects need a handful.
const MAX_OPENING_STEPS = 1_000;

interface ApplicableWindow {
  window: SyncWindow;
  label: string;
  timing: WindowTiming;
}

export function decideSyncWindows(project: Pick<AppProject, 'spec'>, target: SyncWindowTarget, now: Date, options: { manual?: boolean } = {}): SyncWindowDecision {
  const manual = options.manual === true;
  const matching = (project.spec.syncWindows ?? []).filter((window) => windowMatches(window, target));
  if (matching.length === 0) return { allowed: true, reason: 'no sync window applies' };
  const applicable: ApplicableWindow[] = [];
  for (const window of matching) {
    const timing = windowTiming(window);
    const label = windowLabel(window);
    if (!timing.ok) return { allowed: false, reason: `sync window "${label}" is invalid: ${timing.field}: ${timing.reason}`, blockedBy: label };
    applicable.push({ window, label, timing: timing.timing });
  }
  const decision = decideAt(applicable, now.getTime(), manual);
  if (decision.allowed) return decision;
  const opensAt = nextOpening(applicable, now.getTime(), manual);
  return opensAt === undefined ? decision : { ...decision, opensAt: new Date(opensAt) };
}

/** Why a sync is blocked and when it can run, for a status condition or an error message. */
export function blockedMessage(decision: SyncWindowDecision): string {
  const when = decision.opensAt ? `it can run from ${decision.opensAt.toISOString()}` : `no opening in the next ${OPENS_AT_HORIZON_MS / 86_400_000} days`;
  return `blocked by sync window: ${decision.reason}; ${when}`;
}

/** The window as people know it: its description, or its schedule and zone. */
function windowLabel(window: SyncWindow): string {
  return window.description || `${window.schedule} for ${window.duration} (${window.timeZone || 'UTC'})`;
}

/** Argo CD's SyncWindows.Matches: the lists are ORed, or ANDed over the lists that are set with `andOperator`. */
function windowMatches(window: SyncWindow, target: SyncWindowTarget): boolean {
  const lists = [
    { patterns: window.applications, values: [target.name] },
    { patterns: window.namespaces, values: [target.namespace ?? ''] },
    { patterns: window.clusters, values: [target.cluster?.name, target.cluster?.server].filter((value): value is string => !!value) },
  ].filter((list) => list.patterns !== undefined && list.patterns.length > 0);
  const matches = (list: (typeof lists)[number]) => list.patterns!.some((pattern) => list.values.some((value) => globMatch(pattern, value)));
  if (lists.length === 0) return false;
  return window.andOperator ? lists.every(matches) : lists.some(matches);
}

function decideAt(windows: ApplicableWindow[], at: number, manual: boolean): SyncWindowDecision {
  const open = windows.filter((w) => isOpen(w.timing, at));
  const openDenies = open.filter((w) => w.window.kind === 'deny');
  if (openDenies.length > 0) {
    const strict = openDenies.find((w) => !w.window.manualSync);
    if (manual && !strict) return { allowed: true, reason: `deny window "${openDenies[0].label}" is open but allows manual sync` };
    const blocking = (manual ? strict : undefined) ?? openDenies[0];
    return { allowed: false, reason: `deny window "${blocking.label}" is open`, blockedBy: blocking.label };
  }
  const openAllow = open.find((w) => w.window.kind === 'allow');
  if (openAllow) return { allowed: true, reason: `allow window "${openAllow.label}" is open` };
  const allows = windows.filter((w) => w.window.kind === 'allow');
  if (allows.length === 0) return { allowed: true, reason: 'no deny window is open' };
  const strict = allows.find((w) => !w.window.manualSync);
  if (manual && !strict) return { allowed: true, reason: 'no allow window is open, but they all allow manual sync' };
  const blocking = (manual ? strict : undefined) ?? allows[0];
  const reason = allows.length === 1 ? `allow window "${blocking.label}" is closed` : `no allow window is open (${allows.map((w) => `"${w.label}"`).join(', ')})`;
  return { allowed: false, reason, blockedBy: blocking.label };
}

/**
 * The first instant within the horizon at which the decision allows the sync. A blocked sync can only be let
 * through when a deny window closes or an allow window opens, so those are the only instants worth deciding at.
 */
function nextOpening(windows: ApplicableWindow[], now: number, manual: boolean): number | undefined {
  const horizon = now + OPENS_AT_HORIZON_MS;
  let at = now;
  for (let step = 0; step < MAX_OPENING_STEPS; step++) {
    const changes = windows
      .map((w) => {
        const open = isOpen(w.timing, at);
        if (w.window.kind === 'deny') return open ? closesAt(w.timing, at, horizon) : undefined;
        return open ? undefined : nextOccurrence(w.timing, at, horizon);
      })
      .filter((change): change is number => change !== undefined);
    if (changes.length === 0) return undefined;
    at = Math.min(...changes);
    if (at > horizon) return undefined;
    if (decideAt(windows, at, manual).allowed) return at;
  }
  return undefined;
}
