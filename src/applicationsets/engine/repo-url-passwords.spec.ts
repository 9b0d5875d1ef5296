import { describe, expect, it } from 'vitest';
import { expand } from './expand';
import { buildAppSet, buildCluster, buildContext } from './testing/builders';
import type { ApplicationSet, GeneratorEntry } from './types';

const LEAKY = 'https://ci:s3cret@127.0.0.1/org/repo.git';
const clusters = [buildCluster('alpha', { server: 'https://127.0.0.1:6443', annotations: { 'git-auth': 'ci:s3cret' } })];
const oneElement: GeneratorEntry = { list: { elements: [{ name: 'alpha', server: 'https://127.0.0.1:6443' }] } };

/** A set whose template has these source fields (`sources` given: the template's `spec.sources`). */
function withSource(
  source: Record<string, unknown>,
  generators: GeneratorEntry[] = [oneElement],
  spec: Partial<ApplicationSet['spec']> = {},
  sources?: Record<string, unknown>[],
): ApplicationSet {
  const appSet = buildAppSet(generators, spec);
  Object.assign(appSet.spec.template.spec as Record<string, unknown>, { source: { path: '.', ...source }, ...(sources ? { sources } : {}) });
  return appSet;
}

describe('expand refuses repository URLs that embed a password', () => {
  const refused: { name: string; appSet: ApplicationSet; path: string; application?: string }[] = [
    { name: 'in the template source', appSet: withSource({ repoURL: LEAKY }), path: 'spec.template.spec.source.repoURL' },
    {
      name: 'in one of the template sources',
      appSet: withSource({ repoURL: 'https://127.0.0.1/org/repo.git' }, [oneElement], {}, [{ repoURL: 'https://127.0.0.1/org/other.git' }, { repoURL: LEAKY }]),
      path: 'spec.template.spec.sources[1].repoURL',
    },
    {
      name: 'in a generator template override',
      appSet: withSource({ repoURL: 'https://127.0.0.1/org/repo.git' }, [{ list: { elements: [{ name: 'alpha', server: 'https://127.0.0.1:6443' }], template: { metadata: {}, spec: { source: { repoURL: LEAKY } } } } }]),
      path: 'spec.generators[0].list.template.spec.source.repoURL',
    },
    {
      name: 'in a template override inside a matrix',
      appSet: withSource({ repoURL: 'https://127.0.0.1/org/repo.git' }, [{ matrix: { generators: [{ list: { elements: [{ a: '1' }], template: { spec: { source: { repoURL: LEAKY } } } } }, { clusters: {} }] } }]),
      path: 'spec.generators[0].matrix.generators[0].list.template.spec.source.repoURL',
    },
    { name: 'in a list element', appSet: withSource({ repoURL: '{{repoURL}}' }, [{ list: { elements: [{ name: 'alpha', server: 'https://127.0.0.1:6443', repoURL: LEAKY }] } }]), path: 'spec.generators[0].list.elements[0].repoURL' },
    { name: 'in a git generator', appSet: withSource({ repoURL: 'https://127.0.0.1/org/repo.git' }, [{ git: { repoURL: LEAKY } }]), path: 'spec.generators[0].git.repoURL' },
    {
      name: 'injected by a list parameter',
      appSet: withSource({ repoURL: '{{repo}}' }, [{ list: { elements: [{ name: 'alpha', server: 'https://127.0.0.1:6443', repo: LEAKY }] } }]),
      path: 'spec.template.spec.source.repoURL',
      application: 'alpha-app',
    },
    {
      name: 'injected by a cluster annotation',
      appSet: withSource({ repoURL: 'https://{{metadata.annotations.git-auth}}@127.0.0.1/org/repo.git' }, [{ clusters: {} }]),
      path: 'spec.template.spec.source.repoURL',
      application: 'alpha-app',
    },
    {
      name: 'injected by a list parameter into the last of several template sources',
      appSet: withSource({ repoURL: 'https://127.0.0.1/org/repo.git' }, [{ list: { elements: [{ name: 'alpha', server: 'https://127.0.0.1:6443', repo: LEAKY }] } }], {}, [
        { repoURL: 'git@127.0.0.1:org/clean.git' },
        { repoURL: 'https://127.0.0.1/org/other.git' },
        { repoURL: '{{repo}}' },
      ]),
      path: 'spec.template.spec.sources[2].repoURL',
      application: 'alpha-app',
    },
    {
      name: 'injected by a templatePatch',
      appSet: withSource({ repoURL: 'https://127.0.0.1/org/repo.git' }, [oneElement], { templatePatch: 'spec:\n  source:\n    repoURL: "https://ci:{{name}}@127.0.0.1/org/repo.git"\n' }),
      path: 'spec.template.spec.source.repoURL',
      application: 'alpha-app',
    },
  ];

  it.each(refused)('$name', async ({ appSet, path, application }) => {
    const result = await expand(appSet, buildContext(clusters));
    expect(result).toMatchObject({ ok: false, code: 'CredentialInRepoURL', issues: [{ path, message: expect.stringContaining('***@127.0.0.1/org/repo.git') }] });
    if (!result.ok && application) expect(result.issues[0].message).toContain(`application "${application}"`);
    expect(JSON.stringify(result)).not.toMatch(/s3cret|ci:alpha/);
  });

  const accepted: { name: string; repoURL: string }[] = [
    { name: 'an https user name without a password', repoURL: 'https://git@127.0.0.1/org/repo.git' },
    { name: 'an ssh user name without a password', repoURL: 'ssh://git@127.0.0.1/org/repo.git' },
    { name: 'scp-like syntax', repoURL: 'git@127.0.0.1:org/repo.git' },
    { name: 'no user at all', repoURL: 'https://127.0.0.1/org/repo.git' },
  ];
  it.each(accepted)('accepts $name', async ({ repoURL }) => {
    const result = await expand(withSource({ repoURL }), buildContext(clusters));
    expect(result).toMatchObject({ ok: true, applications: [{ spec: { source: { repoURL } } }] });
  });

  it('walks a deeply nested manifest without exhausting the stack', async () => {
    let deep: unknown = { repoURL: LEAKY };
    for (let depth = 0; depth < 100_000; depth++) deep = [deep];
    const result = await expand(withSource({ repoURL: 'https://127.0.0.1/org/repo.git' }, [oneElement], { extra: deep }), buildContext(clusters));
    expect(result).toMatchObject({ ok: false, code: 'CredentialInRepoURL', issues: [{ path: expect.stringMatching(/^spec\.extra(\[0\])+\.repoURL$/) }] });
  });
});
