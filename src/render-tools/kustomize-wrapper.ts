import { stringify } from 'yaml';
import { ToolRunError } from './tool-run-error';
import type { KustomizeSourceOptions } from './tool-options';

interface ImageOverride {
  name: string;
  newName?: string;
  newTag?: string;
  digest?: string;
}

/** True when the options change anything, i.e. a wrapper kustomization is needed. */
export function hasKustomizeOverrides(options: KustomizeSourceOptions | undefined): options is KustomizeSourceOptions {
  if (!options) return false;
  return Boolean(
    options.images?.length || options.namePrefix || options.nameSuffix || options.namespace || Object.keys(options.commonLabels ?? {}).length,
  );
}

/**
 * The kustomization Argo CD would produce with `kustomize edit set ...`, as a separate file that points at
 * the application directory, so the checkout itself is never modified. Written as YAML 1.1 for Go readers.
 */
export function wrapperKustomization(resource: string, options: KustomizeSourceOptions): string {
  const document: Record<string, unknown> = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources: [resource],
  };
  if (options.namespace) document.namespace = options.namespace;
  if (options.namePrefix) document.namePrefix = options.namePrefix;
  if (options.nameSuffix) document.nameSuffix = options.nameSuffix;
  if (Object.keys(options.commonLabels ?? {}).length > 0) document.commonLabels = { ...options.commonLabels };
  if (options.images?.length) document.images = options.images.map(parseImageOverride);
  return stringify(document, { version: '1.1' });
}

/** `kustomize edit set image` syntax: `[name=]newName[:tag|@digest]`; a registry port is not a tag. */
export function parseImageOverride(spec: string): ImageOverride {
  const [left, right] = spec.includes('=') ? [spec.slice(0, spec.indexOf('=')), spec.slice(spec.indexOf('=') + 1)] : [undefined, spec];
  const at = right.indexOf('@');
  const lastSlash = right.lastIndexOf('/');
  const colon = right.lastIndexOf(':');
  let image = right;
  const override: Partial<ImageOverride> = {};
  if (at !== -1) {
    image = right.slice(0, at);
    override.digest = right.slice(at + 1);
  } else if (colon > lastSlash) {
    image = right.slice(0, colon);
    override.newTag = right.slice(colon + 1);
  }
  const name = left ?? image;
  if (!name || !image || override.newTag === '' || override.digest === '') {
    throw new ToolRunError('kustomize', 'InvalidOptions', `invalid kustomize image override "${spec}"`);
  }
  return { name, ...(image !== name ? { newName: image } : {}), ...override };
}
