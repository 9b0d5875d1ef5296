import { Catalogue, groupVersionOf, verbsOf } from './catalogue';

/** The version reported on /version; kubectl compares it with its own and warns on big skews only. */
export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-flotilla-test',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

const LOOPBACK_ADDRESS = [{ clientCIDR: '0.0.0.0/0', serverAddress: '127.0.0.1' }];

export function apiVersions(): object {
  return { kind: 'APIVersions', versions: ['v1'], serverAddressByClientCIDRs: LOOPBACK_ADDRESS };
}

export function apiGroupList(catalogue: Catalogue): object {
  const groups = [...catalogue.groups()].map(([name, versions]) => {
    const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
    return { name, versions: entries, preferredVersion: entries[0] };
  });
  return { kind: 'APIGroupList', apiVersion: 'v1', groups };
}

export function apiGroup(catalogue: Catalogue, name: string): object | undefined {
  const versions = catalogue.groups().get(name);
  if (!versions) return undefined;
  const entries = versions.map((version) => ({ groupVersion: `${name}/${version}`, version }));
  return { kind: 'APIGroup', apiVersion: 'v1', name, versions: entries, preferredVersion: entries[0] };
}

/** An `APIResourceList` for one group/version, with a `<plural>/status` entry where status is a subresource. */
export function apiResourceList(catalogue: Catalogue, group: string, version: string): object | undefined {
  const types = catalogue.inGroupVersion(group, version);
  if (types.length === 0) return undefined;
  const resources: object[] = [];
  for (const type of types) {
    const entry: Record<string, unknown> = {
      name: type.resource,
      singularName: type.singular,
      namespaced: type.namespaced,
      kind: type.kind,
      verbs: verbsOf(type),
    };
    if (type.shortNames.length > 0) entry.shortNames = type.shortNames;
    if (type.categories.length > 0) entry.categories = type.categories;
    resources.push(entry);
    if (type.hasStatus) {
      resources.push({
        name: `${type.resource}/status`,
        singularName: '',
        namespaced: type.namespaced,
        kind: type.kind,
        verbs: ['get', 'patch', 'update'],
      });
    }
    if (type.hasScale) {
      resources.push({
        name: `${type.resource}/scale`,
        singularName: '',
        namespaced: type.namespaced,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
      });
    }
  }
  return { kind: 'APIResourceList', apiVersion: 'v1', groupVersion: groupVersionOf({ group, version }), resources };
}

/**
 * Discovery documents (and the other answers on non-resource paths) as JSON text, by path. They depend on the served
 * kinds only, which clients ask for again and again, so each is built and serialized once per catalogue revision.
 */
export class DiscoveryCache {
  private readonly texts = new Map<string, string>();
  private revision: number;

  constructor(private readonly catalogue: Catalogue) {
    this.revision = catalogue.revision;
  }

  /** The text for a path, from `build` the first time; undefined (not kept) when `build` finds nothing there. */
  text(path: string, build: () => object | undefined): string | undefined {
    if (this.revision !== this.catalogue.revision) {
      this.texts.clear();
      this.revision = this.catalogue.revision;
    }
    let text = this.texts.get(path);
    if (text === undefined) {
      const body = build();
      if (body === undefined) return undefined;
      text = JSON.stringify(body);
      this.texts.set(path, text);
    }
    return text;
  }
}
