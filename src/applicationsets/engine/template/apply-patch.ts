import { parse as parseYaml } from 'yaml';
import type { Application } from '../types';

/*
 * `templatePatch`: after rendering, the patch (YAML or JSON) is merged into the generated Application.
 * Maps merge recursively, lists and scalars replace, and `null` removes a field (JSON merge patch rules; Argo
 * CD uses a strategic merge, which differs only for lists with merge keys). The project cannot be patched,
 * as in Argo CD, so project scoping always reflects the template. JSON-patch arrays are not supported.
 */

export class TemplatePatchError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'TemplatePatchError';
  }
}

const PATCHABLE_ROOTS = new Set(['metadata', 'spec']);

export function applyTemplatePatch(app: Application, renderedPatch: string): Application {
  let patch: unknown;
  try {
    patch = parseYaml(renderedPatch);
  } catch (error) {
    throw new TemplatePatchError(`templatePatch is not valid YAML or JSON after rendering: ${errorText(error)}`, { cause: error });
  }
  if (patch === null || patch === undefined) return app;
  if (Array.isArray(patch)) throw new TemplatePatchError('templatePatch: JSON patch (a list of operations) is not supported');
  if (typeof patch !== 'object') throw new TemplatePatchError('templatePatch must render to a map');
  for (const key of Object.keys(patch)) {
    if (!PATCHABLE_ROOTS.has(key)) throw new TemplatePatchError(`templatePatch may only change metadata and spec, not "${key}"`);
  }
  const spec = (patch as { spec?: unknown }).spec;
  if (spec !== null && typeof spec === 'object' && 'project' in spec) {
    throw new TemplatePatchError('templatePatch cannot set spec.project; set it in the template');
  }
  return mergePatch(app, patch) as Application;
}

function mergePatch(target: unknown, patch: unknown): unknown {
  if (patch === null || typeof patch !== 'object' || Array.isArray(patch)) return patch;
  const base = target !== null && typeof target === 'object' && !Array.isArray(target) ? (target as Record<string, unknown>) : {};
  const out: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete out[key];
    else out[key] = mergePatch(base[key], value);
  }
  return out;
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
