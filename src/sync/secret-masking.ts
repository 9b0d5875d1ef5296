import { isPlainObject } from '../common/json';
import type { KubeObject } from './types';

const SECRET_FIELDS = ['data', 'stringData'];
/** kubectl's client-side apply copies the whole object, values included, into this annotation. */
const LAST_APPLIED = 'kubectl.kubernetes.io/last-applied-configuration';
const FIRST_MASK = '++++++++';

/**
 * Replaces the values of a core Secret's `data` and `stringData` with runs of `+`, as Argo CD's diff does, so no
 * value leaves the hub while a change still shows: within one key, equal values get the same run and different
 * values runs of different lengths (the lengths say nothing of the values). Other objects are returned unchanged;
 * the inputs are never modified. Give both sides of one comparison in one call, or the runs do not line up.
 */
export function maskSecretValues(...objects: (KubeObject | undefined)[]): (KubeObject | undefined)[] {
  const masks = new Map<string, Map<unknown, string>>();
  const maskOf = (key: string, value: unknown): string => {
    const byValue = masks.get(key) ?? new Map<unknown, string>();
    masks.set(key, byValue);
    const known = byValue.get(value);
    if (known !== undefined) return known;
    const mask = FIRST_MASK + '++++'.repeat(byValue.size);
    byValue.set(value, mask);
    return mask;
  };
  return objects.map((object) => {
    if (object === undefined || !isSecret(object)) return object;
    const masked: KubeObject = { ...object, metadata: withoutLastApplied(object.metadata) };
    for (const field of SECRET_FIELDS) {
      const values = object[field];
      if (isPlainObject(values)) masked[field] = Object.fromEntries(Object.entries(values).map(([key, value]) => [key, maskOf(key, value)]));
    }
    return masked;
  });
}

function isSecret(object: KubeObject): boolean {
  return object.kind === 'Secret' && object.apiVersion === 'v1';
}

function withoutLastApplied(metadata: KubeObject['metadata']): KubeObject['metadata'] {
  if (metadata.annotations?.[LAST_APPLIED] === undefined) return metadata;
  return { ...metadata, annotations: { ...metadata.annotations, [LAST_APPLIED]: FIRST_MASK } };
}
