import { createHash } from 'node:crypto';
import { isObject, str, type Json, type JsonObject } from '../json';

/** Argo Rollouts' pause reason for a canary `pause` step. */
export const CANARY_PAUSE = 'CanaryPauseStep';

// The alphabet Kubernetes uses for generated names (no vowels, no look-alike characters).
const SAFE_ALPHABET = 'bcdfghjklmnpqrstvwxz2456789';

/** A ReplicaSet-style hash of a JSON value (the pod template, the steps), 10 characters like `pod-template-hash`. */
export function shortHash(value: Json | undefined): string {
  const digest = createHash('sha256')
    .update(JSON.stringify(value ?? null))
    .digest();
  return [...digest.subarray(0, 10)].map((byte) => SAFE_ALPHABET[byte % SAFE_ALPHABET.length]).join('');
}

export function canaryStepsOf(canary: JsonObject): JsonObject[] {
  return Array.isArray(canary.steps) ? canary.steps.filter(isObject) : [];
}

const UNIT_SECONDS: Record<string, number> = { h: 3600, m: 60, s: 1, ms: 0.001, us: 0.000001, µs: 0.000001, ns: 0.000000001 };

/**
 * A pause step's duration in seconds, `undefined` for an indefinite pause. Like Argo Rollouts: a number or a
 * string of digits is seconds, other strings are Go durations (`30s`, `1m30s`); an unreadable one elapses at once.
 */
export function pauseSeconds(pause: JsonObject): number | undefined {
  const duration = pause.duration;
  if (duration === undefined || duration === null) return undefined;
  if (typeof duration === 'number') return duration;
  const text = str(duration);
  if (/^\d+$/.test(text)) return Number(text);
  const parts = [...text.matchAll(/(\d+(?:\.\d+)?)(h|ms|us|µs|ns|m|s)/g)];
  if (parts.length === 0 || parts.map((p) => p[0]).join('') !== text) return 0;
  return Math.floor(parts.reduce((sum, [, amount, unit]) => sum + Number(amount) * UNIT_SECONDS[unit], 0));
}

/** The canary weight in force at a step index: the last `setWeight` at or before it; 100 once every step is done. */
export function weightAt(steps: JsonObject[], index: number): number {
  if (index >= steps.length) return 100;
  for (let i = index; i >= 0; i--) {
    if (typeof steps[i].setWeight === 'number') return steps[i].setWeight as number;
  }
  return 0;
}

/**
 * Canary pods for a weight. Argo Rollouts rounds up (a weight between 1 and 99 always gets a pod) and may surge
 * one pod above `replicas` to get closer; the simulation never surges, so canary + stable is always `replicas`.
 */
export function canaryReplicas(replicas: number, weight: number): number {
  if (weight >= 100) return replicas;
  if (weight <= 0 || replicas === 0) return 0;
  return Math.min(replicas, Math.max(1, Math.ceil((replicas * weight) / 100)));
}

/** `matchLabels` and `matchExpressions` as a label selector string, the form Rollouts report in `status.selector`. */
export function selectorText(selector: Json | undefined): string {
  if (!isObject(selector)) return '';
  const labels = isObject(selector.matchLabels) ? Object.entries(selector.matchLabels).sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => `${k}=${str(v)}`) : [];
  const expressions = (Array.isArray(selector.matchExpressions) ? selector.matchExpressions.filter(isObject) : []).map((e) => {
    const key = str(e.key);
    if (e.operator === 'Exists') return key;
    if (e.operator === 'DoesNotExist') return `!${key}`;
    const values = Array.isArray(e.values) ? e.values.map(str).join(',') : '';
    return `${key} ${str(e.operator).toLowerCase()} (${values})`;
  });
  return [...labels, ...expressions].join(',');
}
