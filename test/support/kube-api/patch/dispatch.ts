import type { Json } from '../json';
import { errors } from '../status-errors';
import { jsonPatch } from './json-patch';
import { mergePatch } from './merge-patch';
import { strategicMergePatch } from './strategic-merge';

export const APPLY_PATCH = 'application/apply-patch+yaml';
export const MERGE_PATCH = 'application/merge-patch+json';
export const JSON_PATCH = 'application/json-patch+json';
export const STRATEGIC_PATCH = 'application/strategic-merge-patch+json';
export const PATCH_TYPES = [JSON_PATCH, MERGE_PATCH, APPLY_PATCH, STRATEGIC_PATCH];

/** Applies a JSON, merge or strategic merge patch (server-side apply has its own path). */
export function applyPatch(contentType: string, target: Json, patch: unknown, builtIn: boolean): Json {
  switch (contentType) {
    case MERGE_PATCH:
      return mergePatch(target, patch as Json);
    case JSON_PATCH:
      return jsonPatch(target, patch);
    case STRATEGIC_PATCH:
      // Custom resources have no strategic merge information, as in kube-apiserver.
      if (!builtIn) throw errors.unsupportedMediaType(contentType, [APPLY_PATCH, MERGE_PATCH, JSON_PATCH]);
      return strategicMergePatch(target, patch as Json, true);
    default:
      throw errors.unsupportedMediaType(contentType, PATCH_TYPES);
  }
}
