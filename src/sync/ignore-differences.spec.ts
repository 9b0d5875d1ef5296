import { describe, expect, it } from 'vitest';
import { SyncError } from './errors';
import { type IgnoreDifference, ignoreDifferencesIssue, ignoredDifferencesOf, withLiveIgnoredFields, withoutIgnoredFields } from './ignore-differences';
import type { ApplicationIdentity, KubeObject, ManagedFieldsEntry, ResourceKey } from './types';

const app = (ignoreDifferences?: unknown): ApplicationIdentity => ({
  name: 'shop',
  destinationNamespace: 'shop',
  syncOptions: [],
  prune: false,
  dryRun: false,
  ignoreDifferences: ignoreDifferences as IgnoreDifference[] | undefined,
});
const rules = (...entries: IgnoreDifference[]) => ignoredDifferencesOf(app(entries));
const WEB: ResourceKey = { group: 'apps', kind: 'Deployment', namespace: 'shop', name: 'web' };

function deployment(replicas: number, image = 'web:1', managedFields?: ManagedFieldsEntry[]): KubeObject {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name: 'web', namespace: 'shop', annotations: { team: 'a' }, ...(managedFields && { managedFields }) },
    spec: { replicas, template: { spec: { containers: [{ name: 'web', image }] } } },
  };
}

const flotilla = (fieldsV1: Record<string, unknown>): ManagedFieldsEntry => ({ manager: 'flotilla', operation: 'Apply', fieldsType: 'FieldsV1', fieldsV1 });
const hpa: ManagedFieldsEntry = { manager: 'kube-controller-manager', operation: 'Update', subresource: 'scale', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:replicas': {} } } };
const flotillaOwnsAll = flotilla({
  'f:metadata': { 'f:annotations': { 'f:team': {} } },
  'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {} } } } } },
});

describe('ignoreDifferencesIssue: what the API refuses, naming the field', () => {
  const rows: { name: string; value: unknown; path?: string; message?: RegExp }[] = [
    { name: 'absent', value: undefined },
    { name: "Argo CD's examples", value: [{ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }, { group: '*', kind: '*', managedFieldsManagers: ['kube-controller-manager'] }, { group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.initContainers[] | select(.name == "injected-init-container")'] }] },
    { name: 'core group, name and namespace filters', value: [{ kind: 'ConfigMap', name: 'settings', namespace: 'shop', jsonPointers: ['/data/a~1b'] }] },
    { name: 'not a list', value: { kind: 'Deployment' }, path: 'spec.ignoreDifferences', message: /must be a list/ },
    { name: 'an entry that is not an object', value: ['Deployment'], path: 'spec.ignoreDifferences[0]', message: /must be an object/ },
    { name: 'no kind', value: [{ group: 'apps', jsonPointers: ['/spec/replicas'] }], path: 'spec.ignoreDifferences[0].kind', message: /is required/ },
    { name: 'a group that is not a string', value: [{ kind: 'Deployment', group: 1 }], path: 'spec.ignoreDifferences[0].group', message: /must be a string/ },
    { name: 'a kind that is no glob', value: [{ kind: 'Deploy[ment' }], path: 'spec.ignoreDifferences[0].kind', message: /is not a valid glob/ },
    { name: 'pointers that are not a list', value: [{ kind: 'Deployment', jsonPointers: '/spec/replicas' }], path: 'spec.ignoreDifferences[0].jsonPointers', message: /must be a list of strings/ },
    { name: 'a pointer without its slash', value: [{ kind: 'Deployment', jsonPointers: ['/spec/replicas', 'spec/paused'] }], path: 'spec.ignoreDifferences[0].jsonPointers[1]', message: /starts with "\/"/ },
    {
      name: 'a jq function outside the subset',
      value: [{ kind: 'Deployment' }, { kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[] | map(.image)'] }],
      path: 'spec.ignoreDifferences[1].jqPathExpressions[0]',
      message: /^spec\.ignoreDifferences\[1\]\.jqPathExpressions\[0\]: unsupported jq at character 36: "map"/,
    },
    { name: 'a jq expression that is not a string', value: [{ kind: 'Deployment', jqPathExpressions: [3] }], path: 'spec.ignoreDifferences[0].jqPathExpressions[0]', message: /must be a string/ },
    { name: 'an empty manager', value: [{ kind: '*', managedFieldsManagers: [''] }], path: 'spec.ignoreDifferences[0].managedFieldsManagers[0]', message: /must name a field manager/ },
    { name: 'a jq key __proto__', value: [{ kind: '*', jqPathExpressions: ['.spec.replicas', '.__proto__.hasOwnProperty'] }], path: 'spec.ignoreDifferences[0].jqPathExpressions[1]', message: /"__proto__", which is refused/ },
    { name: 'a quoted jq key __proto__ in a select', value: [{ kind: '*', jqPathExpressions: ['.a[] | select(.["__proto__"] == 1) | .b'] }], path: 'spec.ignoreDifferences[0].jqPathExpressions[0]', message: /"__proto__"/ },
    { name: 'a pointer through __proto__', value: [{ kind: '*', jsonPointers: ['/__proto__/hasOwnProperty'] }], path: 'spec.ignoreDifferences[0].jsonPointers[0]', message: /"__proto__", which is refused/ },
    { name: 'constructor and prototype are ordinary keys', value: [{ kind: '*', jsonPointers: ['/spec/constructor/prototype'], jqPathExpressions: ['.constructor.prototype.hasOwnProperty'] }] },
    { name: 'the whole object in jq', value: [{ kind: '*', jqPathExpressions: ['.'] }], path: 'spec.ignoreDifferences[0].jqPathExpressions[0]', message: /selects the whole object/ },
    { name: 'a select with no path after it', value: [{ kind: '*', jqPathExpressions: ['select(.metadata.name == "web")'] }], path: 'spec.ignoreDifferences[0].jqPathExpressions[0]', message: /selects the whole object/ },
    { name: 'exponential jq', value: [{ kind: '*', jqPathExpressions: [Array(255).fill('.,.').join('|')] }], path: 'spec.ignoreDifferences[0].jqPathExpressions[0]', message: /too many alternatives/ },
  ];
  it.each(rows)('$name', ({ value, path, message }) => {
    const issue = ignoreDifferencesIssue(value);
    if (path === undefined) expect(issue).toBeUndefined();
    else expect(issue).toEqual({ path, message: expect.stringMatching(message!) });
  });

  it('a stored value the API would refuse stops the comparison with a terminal Invalid error naming the field', () => {
    const bad = [{ kind: 'Deployment', jqPathExpressions: ['.a | keys'] }];
    expect(() => ignoredDifferencesOf(app(bad))).toThrow(SyncError);
    expect(() => ignoredDifferencesOf(app(bad))).toThrow(/spec\.ignoreDifferences\[0\]\.jqPathExpressions\[0\]/);
  });
});

describe('withoutIgnoredFields: both sides lose the ignored fields before they are compared', () => {
  const selection: { name: string; entry: IgnoreDifference; key: ResourceKey; selected: boolean }[] = [
    { name: 'group and kind', entry: { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] }, key: WEB, selected: true },
    { name: 'another kind', entry: { group: 'apps', kind: 'StatefulSet', jsonPointers: ['/spec/replicas'] }, key: WEB, selected: false },
    { name: 'no group is the core group', entry: { kind: 'Deployment', jsonPointers: ['/spec/replicas'] }, key: WEB, selected: false },
    { name: 'globs', entry: { group: '*', kind: 'Deploy*', jsonPointers: ['/spec/replicas'] }, key: WEB, selected: true },
    { name: 'its name', entry: { group: 'apps', kind: 'Deployment', name: 'web', jsonPointers: ['/spec/replicas'] }, key: WEB, selected: true },
    { name: 'another name', entry: { group: 'apps', kind: 'Deployment', name: 'api', jsonPointers: ['/spec/replicas'] }, key: WEB, selected: false },
    { name: 'another namespace', entry: { group: 'apps', kind: 'Deployment', namespace: 'other', jsonPointers: ['/spec/replicas'] }, key: WEB, selected: false },
  ];
  it.each(selection)('selects by $name', ({ entry, key, selected }) => {
    const { desired, live } = withoutIgnoredFields(rules(entry), key, deployment(2), deployment(5));
    expect([(desired.spec as { replicas?: number }).replicas, (live.spec as { replicas?: number }).replicas]).toEqual(selected ? [undefined, undefined] : [2, 5]);
  });

  it('jq: the image of one container on both sides, the rest kept; the inputs are not changed', () => {
    const desired = deployment(2, 'web:1');
    const live = deployment(2, 'web:2');
    const compared = withoutIgnoredFields(rules({ group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "web") | .image'] }), WEB, desired, live);
    expect(compared.desired.spec).toEqual({ replicas: 2, template: { spec: { containers: [{ name: 'web' }] } } });
    expect(compared.live.spec).toEqual(compared.desired.spec);
    expect((live.spec as { template: { spec: { containers: { image: string }[] } } }).template.spec.containers[0].image).toBe('web:2');
  });

  it('managed fields: what the trusted manager owns live, on both sides; the name of a list item stays', () => {
    const webhook: ManagedFieldsEntry = { manager: 'mesh-webhook', operation: 'Update', fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {} } } } } } } };
    const live = deployment(7, 'web:patched', [flotillaOwnsAll, hpa, webhook]);
    const compared = withoutIgnoredFields(rules({ group: '*', kind: '*', managedFieldsManagers: ['kube-controller-manager', 'mesh-webhook'] }), WEB, deployment(2), live);
    expect(compared.desired.spec).toEqual({ template: { spec: { containers: [{ name: 'web' }] } } });
    expect(compared.live.spec).toEqual(compared.desired.spec);
    expect(compared.live.metadata.managedFields).toHaveLength(3);
  });

  it("never takes the object's identity or its managedFields away", () => {
    const live = deployment(5, 'web:1', [hpa]);
    const compared = withoutIgnoredFields(rules({ group: 'apps', kind: 'Deployment', jsonPointers: ['/metadata', '/kind', '/apiVersion'] }), WEB, deployment(5), live);
    expect(compared.desired.metadata).toEqual({ name: 'web', namespace: 'shop' });
    expect(compared.live.metadata).toEqual({ name: 'web', namespace: 'shop', managedFields: [hpa] });
    expect([compared.live.apiVersion, compared.live.kind]).toEqual(['apps/v1', 'Deployment']);
  });

  it('copies nothing when no rule selects the resource', () => {
    const desired = deployment(2);
    const live = deployment(5);
    const compared = withoutIgnoredFields(rules({ kind: 'ConfigMap', jsonPointers: ['/data'] }), WEB, desired, live);
    expect(compared.desired).toBe(desired);
    expect(compared.live).toBe(live);
  });
});

describe('withLiveIgnoredFields (RespectIgnoreDifferences=true): what the sync applies', () => {
  const replicas = rules({ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] });

  it('leaves out a field another manager took over, so the apply neither changes nor claims it', () => {
    const applied = withLiveIgnoredFields(replicas, WEB, deployment(2, 'web:2'), deployment(7, 'web:1', [flotilla({ 'f:spec': { 'f:template': {} } }), hpa]));
    expect(applied.spec).toEqual({ template: { spec: { containers: [{ name: 'web', image: 'web:2' }] } } });
  });

  it('sends the live value of a field Flotilla still owns, so the apply neither changes nor drops it', () => {
    const desired = deployment(2, 'web:2');
    const live = deployment(7, 'web:1', [flotillaOwnsAll]);
    const applied = withLiveIgnoredFields(replicas, WEB, desired, live);
    expect(applied.spec).toEqual({ replicas: 7, template: { spec: { containers: [{ name: 'web', image: 'web:2' }] } } });
    expect([desired, live]).toEqual([deployment(2, 'web:2'), deployment(7, 'web:1', [flotillaOwnsAll])]);
  });

  it('changes neither input when the desired object lacks the ignored field (nothing to take away from it)', () => {
    const desired = deployment(2, 'web:2');
    delete (desired.spec as { replicas?: number }).replicas;
    const before = structuredClone(desired);
    const applied = withLiveIgnoredFields(replicas, WEB, desired, deployment(7, 'web:1', [flotillaOwnsAll]));
    expect((applied.spec as { replicas?: number }).replicas).toBe(7);
    expect(desired).toEqual(before);
    expect(applied).not.toBe(desired);
  });

  it('applies the desired object whole when there is nothing live yet', () => {
    const desired = deployment(2);
    expect(withLiveIgnoredFields(replicas, WEB, desired, undefined)).toBe(desired);
  });

  it('puts back a whole ignored item Flotilla owns, where it stands live, with only the fields Flotilla owns', () => {
    const injected = rules({ group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "mesh")'] });
    const live = deployment(2, 'web:1', [flotilla({ 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"mesh"}': { '.': {}, 'f:name': {}, 'f:image': {} } } } } } })]);
    (live.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers.unshift({ name: 'mesh', image: 'proxy:1', terminationMessagePath: '/dev/termination-log' });
    const applied = withLiveIgnoredFields(injected, WEB, deployment(2, 'web:2'), live);
    expect((applied.spec as { template: unknown }).template).toEqual({ spec: { containers: [{ name: 'mesh', image: 'proxy:1' }, { name: 'web', image: 'web:2' }] } });
  });

  it('of an ignored map, sends only the entries Flotilla owns live', () => {
    const annotations = rules({ group: 'apps', kind: 'Deployment', jsonPointers: ['/metadata/annotations'] });
    const live = deployment(2, 'web:1', [flotillaOwnsAll]);
    live.metadata.annotations = { team: 'b', 'deployment.kubernetes.io/revision': '3' };
    const desired = deployment(2);
    desired.metadata.annotations = { team: 'a', owner: 'x' };
    expect(withLiveIgnoredFields(annotations, WEB, desired, live).metadata.annotations).toEqual({ team: 'b' });
  });
});

describe('keys that Object.prototype has are read as own fields: nothing outside the objects changes', () => {
  it('evaluates constructor, prototype and hasOwnProperty paths harmlessly, on both sides and in the sync', () => {
    const hasOwnProperty = Object.getOwnPropertyDescriptor(Object.prototype, 'hasOwnProperty')!;
    try {
      const entry = { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/constructor/prototype/hasOwnProperty', '/hasOwnProperty'], jqPathExpressions: ['.constructor.prototype.hasOwnProperty', '.spec.hasOwnProperty', '.metadata.toString'] };
      const live = deployment(5, 'web:1', [flotillaOwnsAll]);
      const compared = withoutIgnoredFields(rules(entry), WEB, deployment(2), live);
      expect([compared.desired, compared.live]).toEqual([deployment(2), deployment(5, 'web:1', [flotillaOwnsAll])]);
      expect(withLiveIgnoredFields(rules(entry), WEB, deployment(2), live)).toEqual(deployment(2));
      expect(Object.hasOwn(Object.prototype, 'hasOwnProperty')).toBe(true);
      expect(typeof ({} as { hasOwnProperty?: unknown }).hasOwnProperty).toBe('function');
    } finally {
      if (!Object.hasOwn(Object.prototype, 'hasOwnProperty')) Object.defineProperty(Object.prototype, 'hasOwnProperty', hasOwnProperty);
    }
  });

  it('keeps a live field named __proto__ that Flotilla owns (from the cluster) as data, not as a prototype', () => {
    try {
      const live = deployment(2, 'web:1', [flotilla({ 'f:spec': { 'f:extra': { 'f:__proto__': { 'f:polluted': {} } } } })]);
      (live.spec as Record<string, unknown>).extra = JSON.parse('{"__proto__":{"polluted":"yes"}}');
      expect(Object.hasOwn((live.spec as { extra: object }).extra, '__proto__')).toBe(true);
      const applied = withLiveIgnoredFields(rules({ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/extra'] }), WEB, deployment(2), live);
      expect(({} as Record<string, unknown>).polluted).toBeUndefined();
      expect(JSON.stringify((applied.spec as { extra: unknown }).extra)).toBe('{"__proto__":{"polluted":"yes"}}');
    } finally {
      delete (Object.prototype as Record<string, unknown>).polluted;
    }
  });
});

describe('two rules naming the same list item', () => {
  it('take it away once: its neighbour stays, on both sides', () => {
    const sidecar = '.spec.template.spec.containers[] | select(.name == "istio-proxy")';
    const withSidecar = (image: string): KubeObject => {
      const obj = deployment(2, image);
      (obj.spec as { template: { spec: { containers: unknown[] } } }).template.spec.containers.push({ name: 'istio-proxy', image: 'proxy:1' }, { name: 'log', image: 'log:1' });
      return obj;
    };
    const twice = rules({ group: 'apps', kind: 'Deployment', jqPathExpressions: [sidecar] }, { group: '*', kind: 'Deployment', jqPathExpressions: [sidecar, '.spec.template.spec.containers[1]'] });
    const compared = withoutIgnoredFields(twice, WEB, withSidecar('web:1'), withSidecar('web:2'));
    const names = (obj: KubeObject) => (obj.spec as { template: { spec: { containers: { name: string }[] } } }).template.spec.containers.map((container) => container.name);
    expect([names(compared.desired), names(compared.live)]).toEqual([
      ['web', 'log'],
      ['web', 'log'],
    ]);
  });
});

describe('withLiveIgnoredFields: an ignored field inside an atomic value keeps its live value', () => {
  const RESPECTED_HOST = rules({ group: 'networking.k8s.io', kind: 'Ingress', jsonPointers: ['/spec/rules/0/host'] });
  const INGRESS: ResourceKey = { group: 'networking.k8s.io', kind: 'Ingress', namespace: 'shop', name: 'web' };
  const http = (service: string) => ({ paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: service, port: { number: 80 } } } }] });
  const ingress = (spec: Record<string, unknown>, managedFields?: ManagedFieldsEntry[]): KubeObject => ({
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name: 'web', namespace: 'shop', ...(managedFields && { managedFields }) },
    spec,
  });
  // An Ingress's rules are an atomic list: whoever set them last owns them whole.
  const rulesOwnedBy = (manager: string): ManagedFieldsEntry[] => [
    flotilla({ 'f:spec': { 'f:ingressClassName': {} } }),
    { manager, operation: 'Update', fieldsType: 'FieldsV1', fieldsV1: { 'f:spec': { 'f:rules': {} } } },
  ];

  it('an Ingress host: the rules are sent with the live host, the rest as desired', () => {
    const desired = ingress({ ingressClassName: 'internal', rules: [{ host: 'web.example.com', http: http('web-v2') }] });
    const live = ingress({ ingressClassName: 'public', rules: [{ host: 'web.live.example.com', http: http('web') }] }, rulesOwnedBy('kubectl-edit'));
    const applied = withLiveIgnoredFields(RESPECTED_HOST, INGRESS, desired, live);
    expect(applied.spec).toEqual({ ingressClassName: 'internal', rules: [{ host: 'web.live.example.com', http: http('web-v2') }] });
  });

  it('an ignored field desired but absent live is left out of the atomic value', () => {
    const desired = ingress({ rules: [{ host: 'web.example.com', http: http('web') }] });
    const live = ingress({ rules: [{ http: http('web') }] }, rulesOwnedBy('flotilla'));
    expect(withLiveIgnoredFields(RESPECTED_HOST, INGRESS, desired, live).spec).toEqual({ rules: [{ http: http('web') }] });
  });

  it("a custom resource's list without managed fields to say how it merges counts as atomic", () => {
    const key: ResourceKey = { group: 'example.com', kind: 'Probe', namespace: 'shop', name: 'web' };
    const probe = (tokens: string[]): KubeObject => ({ apiVersion: 'example.com/v1', kind: 'Probe', metadata: { name: 'web', namespace: 'shop' }, spec: { targets: tokens.map((token, index) => ({ url: `https://t${index}`, token })) } });
    const tokens = rules({ group: 'example.com', kind: 'Probe', jqPathExpressions: ['.spec.targets[].token'] });
    const desired = probe(['git-1', 'git-2']);
    (desired.spec as { targets: { url: string }[] }).targets[1].url = 'https://changed';
    const applied = withLiveIgnoredFields(tokens, key, desired, probe(['live-1', 'live-2']));
    expect(applied.spec).toEqual({ targets: [{ url: 'https://t0', token: 'live-1' }, { url: 'https://changed', token: 'live-2' }] });
  });

  it("a Deployment's selector, owned whole: a label only live stays (the selector is immutable)", () => {
    const injected = rules({ group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/selector/matchLabels/injected'] });
    const desired = deployment(2, 'web:2');
    (desired.spec as Record<string, unknown>).selector = { matchLabels: { app: 'web' } };
    const live = deployment(2, 'web:1', [flotilla({ 'f:spec': { 'f:selector': {}, 'f:replicas': {} } })]);
    (live.spec as Record<string, unknown>).selector = { matchLabels: { app: 'web', injected: 'yes' } };
    const applied = withLiveIgnoredFields(injected, WEB, desired, live);
    expect((applied.spec as { selector: unknown }).selector).toEqual({ matchLabels: { app: 'web', injected: 'yes' } });
    expect((applied.spec as { template: unknown }).template).toEqual((desired.spec as { template: unknown }).template);
  });

  it('whole items of an atomic list: an ignored item only live is put back at its live place, one only desired left out', () => {
    const canary = rules({ group: 'networking.k8s.io', kind: 'Ingress', jqPathExpressions: ['.spec.rules[] | select(.host | startswith("canary."))'] });
    const live = ingress({ rules: [{ host: 'canary.example.com', http: http('canary') }, { host: 'web.example.com', http: http('web') }] }, rulesOwnedBy('rollouts'));
    const onlyWeb = withLiveIgnoredFields(canary, INGRESS, ingress({ rules: [{ host: 'web.example.com', http: http('web-v2') }] }), live);
    expect(onlyWeb.spec).toEqual({ rules: [{ host: 'canary.example.com', http: http('canary') }, { host: 'web.example.com', http: http('web-v2') }] });
    const desiredCanary = ingress({ rules: [{ host: 'web.example.com', http: http('web-v2') }, { host: 'canary.example.com', http: http('git') }] });
    const reordered = withLiveIgnoredFields(canary, INGRESS, desiredCanary, live);
    expect(reordered.spec).toEqual({ rules: [{ host: 'canary.example.com', http: http('canary') }, { host: 'web.example.com', http: http('web-v2') }] });
    const noCanaryLive = ingress({ rules: [{ host: 'web.example.com', http: http('web') }] }, rulesOwnedBy('flotilla'));
    expect(withLiveIgnoredFields(canary, INGRESS, desiredCanary, noCanaryLive).spec).toEqual({ rules: [{ host: 'web.example.com', http: http('web-v2') }] });
  });

  it('a field of an item only live cannot be placed in an atomic list: the live list is applied whole, as Argo CD does', () => {
    const canaryBackend = rules({ group: 'networking.k8s.io', kind: 'Ingress', jqPathExpressions: ['.spec.rules[] | select(.host == "canary.example.com") | .http'] });
    const live = ingress({ rules: [{ host: 'canary.example.com', http: http('canary') }, { host: 'web.example.com', http: http('web') }] }, rulesOwnedBy('rollouts'));
    const desired = ingress({ rules: [{ host: 'web.example.com', http: http('web-v2') }, { host: 'canary.example.com', http: http('git') }] });
    expect(withLiveIgnoredFields(canaryBackend, INGRESS, desired, live).spec).toEqual(live.spec);
  });

  it('an atomic list inside an item of a list merged by key: the item is found live by its key, not its index', () => {
    const secondArg = rules({ group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "web") | .args[1]'] });
    const containers = (obj: KubeObject) => (obj.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers;
    const owns = flotilla({ 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {}, 'f:image': {}, 'f:args': {} } } } } } });
    const live = deployment(2, 'web:1', [owns]);
    containers(live).unshift({ name: 'mesh', image: 'proxy:1', args: ['--mesh', '--live'] });
    containers(live)[1].args = ['--port=80', '--token=live'];
    const desired = deployment(2, 'web:2');
    containers(desired)[0].args = ['--port=8080', '--token=git'];
    expect(containers(withLiveIgnoredFields(secondArg, WEB, desired, live))).toEqual([{ name: 'web', image: 'web:2', args: ['--port=8080', '--token=live'] }]);
    // A container not live yet has no live counterpart, even at the index another one has live.
    containers(desired).unshift({ name: 'new', image: 'new:1', args: ['--a', '--b'] });
    const everySecondArg = rules({ group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[].args[1]'] });
    expect(containers(withLiveIgnoredFields(everySecondArg, WEB, desired, live))).toEqual([
      { name: 'new', image: 'new:1', args: ['--a'] },
      { name: 'web', image: 'web:2', args: ['--port=8080', '--token=live'] },
    ]);
  });

  it('a list merged by key is not atomic: an ignored field of an item is left out (another manager keeps it)', () => {
    const image = rules({ group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.template.spec.containers[] | select(.name == "web") | .image'] });
    const webhook: ManagedFieldsEntry = { manager: 'webhook', operation: 'Update', fieldsV1: { 'f:spec': { 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { 'f:image': {} } } } } } } };
    const flotillaOwnsTheItem = flotilla({ 'f:spec': { 'f:replicas': {}, 'f:template': { 'f:spec': { 'f:containers': { 'k:{"name":"web"}': { '.': {}, 'f:name': {} } } } } } });
    const applied = withLiveIgnoredFields(image, WEB, deployment(3, 'web:2'), deployment(2, 'web:patched', [flotillaOwnsTheItem, webhook]));
    expect((applied.spec as { template: unknown }).template).toEqual({ spec: { containers: [{ name: 'web' }] } });
  });
});
