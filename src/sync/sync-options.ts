export type PropagationPolicy = 'Foreground' | 'Background' | 'Orphan';

export interface SyncOptions {
  readonly createNamespace: boolean;
  readonly pruneLast: boolean;
  readonly propagationPolicy: PropagationPolicy;
  /** Ignored differences keep their live values through a sync (`RespectIgnoreDifferences=true`). */
  readonly respectIgnoreDifferences: boolean;
}

const POLICIES: Record<string, PropagationPolicy> = { foreground: 'Foreground', background: 'Background', orphan: 'Orphan' };

/**
 * Reads the Argo CD sync options the engine acts on. Unknown options are ignored (Argo CD does the
 * same), and `ServerSideApply` needs no switch: Flotilla always applies server-side.
 * Argo CD's default propagation policy is foreground.
 */
export function parseSyncOptions(options: readonly string[]): SyncOptions {
  const values = new Map<string, string>();
  for (const option of options) {
    const eq = option.indexOf('=');
    if (eq > 0) values.set(option.slice(0, eq).trim(), option.slice(eq + 1).trim());
  }
  return {
    createNamespace: values.get('CreateNamespace')?.toLowerCase() === 'true',
    pruneLast: values.get('PruneLast')?.toLowerCase() === 'true',
    propagationPolicy: POLICIES[values.get('PrunePropagationPolicy')?.toLowerCase() ?? ''] ?? 'Foreground',
    respectIgnoreDifferences: values.get('RespectIgnoreDifferences')?.toLowerCase() === 'true',
  };
}

/** Per-object `argocd.argoproj.io/sync-options: Prune=false` keeps an object from being pruned. */
export function pruneDisabledOn(annotations: Record<string, string> | undefined): boolean {
  const value = annotations?.['argocd.argoproj.io/sync-options'] ?? '';
  return value.split(',').some((option) => option.trim() === 'Prune=false');
}
