import { isPlainObject } from '../../../common/json';

export interface GitGeneratorUse {
  /** As written: may hold `{{...}}` when a matrix fills it in from its first child. */
  repoURL: string;
  /** As written (absent or empty means HEAD). */
  revision?: string;
  requeueAfterSeconds?: number;
}

// Composite generators keep their children under `generators`; Argo CD nests them at most two levels.
const COMPOSITES = ['matrix', 'merge'];

/**
 * The `requeueAfterSeconds` every generator of a manifest's `spec.generators` asks for (any kind, at any depth of
 * matrix and merge; absent and malformed values are left out): how often the set wants re-expanding.
 */
export function requeueIntervalsOf(generators: unknown): number[] {
  const intervals: number[] = [];
  for (const entry of generatorEntriesOf(generators)) {
    for (const config of Object.values(entry)) {
      const requeue = isPlainObject(config) ? config.requeueAfterSeconds : undefined;
      if (Number.isInteger(requeue) && (requeue as number) >= 0) intervals.push(requeue as number);
    }
  }
  return intervals;
}

/** Every generator entry of `spec.generators`, composites' children included. Tolerates any shape. */
function generatorEntriesOf(generators: unknown): Record<string, unknown>[] {
  const entries: Record<string, unknown>[] = [];
  const pending: unknown[] = Array.isArray(generators) ? [...generators] : [];
  for (let entry = pending.pop(); entry !== undefined; entry = pending.pop()) {
    if (!isPlainObject(entry)) continue;
    entries.push(entry);
    for (const kind of COMPOSITES) {
      const children = isPlainObject(entry[kind]) ? (entry[kind] as { generators?: unknown }).generators : undefined;
      if (Array.isArray(children)) pending.push(...children);
    }
  }
  return entries;
}

/**
 * The Git generators of a manifest's `spec.generators`, at any depth of matrix and merge: what re-expansion
 * triggers need (which repositories a set reads, how often it wants them polled). Tolerates any shape.
 */
export function gitGeneratorsOf(generators: unknown): GitGeneratorUse[] {
  const uses: GitGeneratorUse[] = [];
  for (const entry of generatorEntriesOf(generators)) {
    const git = entry.git;
    if (isPlainObject(git) && typeof git.repoURL === 'string') {
      const requeue = git.requeueAfterSeconds;
      uses.push({
        repoURL: git.repoURL,
        ...(typeof git.revision === 'string' ? { revision: git.revision } : {}),
        ...(Number.isInteger(requeue) && (requeue as number) >= 0 ? { requeueAfterSeconds: requeue as number } : {}),
      });
    }
  }
  return uses;
}
