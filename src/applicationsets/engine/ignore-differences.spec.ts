import { describe, expect, it } from 'vitest';
import { applyIgnoredDifferences, parseJsonPointer, type IgnoreApplicationDifference } from './ignore-differences';
import { planChanges } from './plan';
import type { Application } from './types';

function app(spec: Record<string, unknown>, name = 'a'): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: { project: 'default', destination: { server: 'https://a', namespace: 'x' }, ...spec },
  };
}

describe('parseJsonPointer', () => {
  const rows: { name: string; pointer: string; want: string[] | undefined }[] = [
    { name: 'root', pointer: '', want: [] },
    { name: 'nested', pointer: '/spec/source/targetRevision', want: ['spec', 'source', 'targetRevision'] },
    { name: 'escaped slash and tilde', pointer: '/metadata/annotations/a~1b~0c', want: ['metadata', 'annotations', 'a/b~c'] },
    { name: 'array index', pointer: '/spec/sources/0', want: ['spec', 'sources', '0'] },
    { name: 'missing leading slash', pointer: 'spec/x', want: undefined },
  ];
  it.each(rows)('$name', ({ pointer, want }) => {
    expect(parseJsonPointer(pointer)).toEqual(want);
  });
});

describe('applyIgnoredDifferences', () => {
  const live = app({ source: { repoURL: 'r', targetRevision: 'hotfix' }, syncPolicy: { automated: {} }, sources: [{ repoURL: 'x' }] });
  const rows: { name: string; desired: Application; rules: IgnoreApplicationDifference[]; want: unknown; pick: (a: Application) => unknown }[] = [
    { name: 'keeps the live value', desired: app({ source: { repoURL: 'r', targetRevision: 'main' } }), rules: [{ jsonPointers: ['/spec/source/targetRevision'] }], pick: (a) => a.spec.source, want: { repoURL: 'r', targetRevision: 'hotfix' } },
    { name: 'keeps a whole live subtree', desired: app({ source: { repoURL: 'r' } }), rules: [{ jsonPointers: ['/spec/syncPolicy'] }], pick: (a) => a.spec.syncPolicy, want: { automated: {} } },
    { name: 'removes a field the live object lacks', desired: app({ source: { repoURL: 'r' }, revisionHistoryLimit: 3 }), rules: [{ jsonPointers: ['/spec/revisionHistoryLimit'] }], pick: (a) => 'revisionHistoryLimit' in a.spec, want: false },
    { name: 'array element', desired: app({ sources: [{ repoURL: 'y' }] }), rules: [{ jsonPointers: ['/spec/sources/0'] }], pick: (a) => a.spec.sources, want: [{ repoURL: 'x' }] },
    { name: 'rule for another application does not apply', desired: app({ source: { repoURL: 'r', targetRevision: 'main' } }), rules: [{ name: 'other', jsonPointers: ['/spec/source/targetRevision'] }], pick: (a) => a.spec.source?.targetRevision, want: 'main' },
    { name: 'rule naming this application applies', desired: app({ source: { repoURL: 'r', targetRevision: 'main' } }), rules: [{ name: 'a', jsonPointers: ['/spec/source/targetRevision'] }], pick: (a) => a.spec.source?.targetRevision, want: 'hotfix' },
    { name: 'no rules', desired: app({ source: { repoURL: 'r', targetRevision: 'main' } }), rules: [], pick: (a) => a.spec.source?.targetRevision, want: 'main' },
  ];
  it.each(rows)('$name', ({ desired, rules, pick, want }) => {
    expect(pick(applyIgnoredDifferences(desired, live, rules))).toEqual(want);
  });

  it('does not modify its inputs', () => {
    const desired = app({ source: { repoURL: 'r', targetRevision: 'main' } });
    applyIgnoredDifferences(desired, live, [{ jsonPointers: ['/spec/source/targetRevision'] }]);
    expect(desired.spec.source?.targetRevision).toBe('main');
  });

  it('makes the planner leave ignored fields alone', () => {
    const desired = app({ source: { repoURL: 'r', targetRevision: 'main' }, syncPolicy: { automated: {} }, sources: [{ repoURL: 'x' }] });
    const plan = planChanges([desired], [live], 'sync', { ignoreApplicationDifferences: [{ jsonPointers: ['/spec/source/targetRevision'] }] });
    expect(plan.unchanged).toHaveLength(1);
  });
});
