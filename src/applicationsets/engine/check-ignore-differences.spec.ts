import { describe, expect, it } from 'vitest';
import { expand } from './expand';
import { buildAppSet, buildCluster, buildContext } from './testing/builders';
import type { Application } from './types';
import { checkApplication } from './validate-applications';

/** spec.ignoreDifferences is checked by the sync engine's own reading, for hand-written and generated applications alike. */

const prod = buildCluster('prod');
const context = buildContext([prod]);

function app(ignoreDifferences: unknown): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: 'web' },
    spec: { project: 'default', source: { repoURL: 'https://github.com/org/repo.git' }, destination: { server: prod.server, namespace: 'web' }, ignoreDifferences },
  };
}

describe('checkApplication: spec.ignoreDifferences', () => {
  it('accepts what Argo CD documents', () => {
    const entries = [
      { group: 'apps', kind: 'Deployment', jsonPointers: ['/spec/replicas'] },
      { group: 'apps', kind: 'Deployment', name: 'guestbook', namespace: 'default', jqPathExpressions: ['.spec.template.spec.initContainers[] | select(.name == "injected-init-container")'] },
      { group: '*', kind: '*', managedFieldsManagers: ['kube-controller-manager'] },
      { group: 'admissionregistration.k8s.io', kind: 'MutatingWebhookConfiguration', jqPathExpressions: ['.webhooks[]?.clientConfig.caBundle'] },
    ];
    expect(checkApplication(app(entries), context)).toBeUndefined();
  });

  it.each([
    ['a jq expression outside the subset', [{ group: 'apps', kind: 'Deployment', jqPathExpressions: ['.spec.replicas', '.spec | del(.x)'] }], 'spec.ignoreDifferences[0].jqPathExpressions[1]', /"del"; supported functions are/],
    ['a malformed pointer', [{ kind: 'ConfigMap', jsonPointers: ['data'] }], 'spec.ignoreDifferences[0].jsonPointers[0]', /starts with "\/"/],
    ['an entry without kind', [{ group: 'apps', jsonPointers: ['/spec/replicas'] }], 'spec.ignoreDifferences[0].kind', /is required/],
  ])('refuses %s, naming the field, as a manifest problem', (_name, entries, path, reason) => {
    const problem = checkApplication(app(entries), context);
    expect(problem).toMatchObject({ path, against: 'manifest' });
    expect(problem?.message).toMatch(reason);
    expect(problem?.message.startsWith(`${path}: `)).toBe(true);
  });
});

describe('expand: a generated application with an invalid spec.ignoreDifferences', () => {
  it('is rejected on its own, with an ErrorOccurred condition saying why', async () => {
    // A parameter puts the expression in, so only the expansion can tell.
    const elements = [
      { name: 'good', server: prod.server, ignored: '.spec.replicas' },
      { name: 'bad', server: prod.server, ignored: '.spec | keys' },
    ];
    const appSet = buildAppSet([{ list: { elements } }]);
    (appSet.spec.template.spec as Record<string, unknown>).ignoreDifferences = [{ group: 'apps', kind: 'Deployment', jqPathExpressions: ['{{ignored}}'] }];
    const result = await expand(appSet, context);
    if (!result.ok) throw new Error(`${result.code}: ${result.message}`);
    expect(result.applications.map((generated) => generated.metadata.name)).toEqual(['good-app']);
    expect(result.rejected).toEqual([{ name: 'bad-app', reason: expect.stringMatching(/^spec\.ignoreDifferences\[0\]\.jqPathExpressions\[0\]: unsupported jq at character 9: "keys"/) }]);
    expect(result.conditions).toContainEqual(expect.objectContaining({ type: 'ErrorOccurred', status: 'True', reason: 'ApplicationValidationError', message: expect.stringContaining('bad-app: spec.ignoreDifferences[0].jqPathExpressions[0]') }));
  });
});
