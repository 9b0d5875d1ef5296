import { describe, expect, it } from 'vitest';
import type { ApplicationSetRepository } from '../repositories/application-set.repository';
import { ApplicationSetsService } from './application-sets.service';
import type { PushedChanges } from '../git';

const FLEET = 'https://git.local/org/fleet';
const git = (repoURL: string, revision?: string) => ({ git: { repoURL, revision, directories: [{ path: '*' }] } });
const rows = [
  { name: 'head', generators: [git('https://git.local/org/fleet.git', 'HEAD')] },
  { name: 'no-revision', generators: [git('https://GIT.local/org/fleet')] },
  { name: 'main', generators: [git('https://git.local/org/fleet.git', 'main')] },
  { name: 'full-ref', generators: [git('https://git.local/org/fleet.git', 'refs/heads/release')] },
  { name: 'tag', generators: [git('https://git.local/org/fleet.git', 'v1')] },
  { name: 'templated-url', generators: [{ matrix: { generators: [{ list: {} }, git('{{repo}}', 'main')] } }] },
  { name: 'templated-revision', generators: [git('https://git.local/org/fleet.git', '{{rev}}')] },
  { name: 'other-repo', generators: [git('https://git.local/org/other.git', 'main')] },
  { name: 'list-only', generators: [{ list: { elements: [] } }] },
];

describe('ApplicationSetsService.setsReading (which sets a push re-expands)', () => {
  const service = new ApplicationSetsService({ listGenerators: async () => rows } as unknown as ApplicationSetRepository, ...([undefined, undefined, undefined, undefined, undefined, undefined] as unknown as [never, never, never, never, never, never]));
  it.each<{ name: string; push: PushedChanges; want: string[] }>([
    { name: 'a push that does not say what it moved', push: {}, want: ['head', 'no-revision', 'main', 'full-ref', 'tag', 'templated-url', 'templated-revision'] },
    { name: 'the default branch', push: { revision: 'main', touchedHead: true }, want: ['head', 'no-revision', 'main', 'templated-url', 'templated-revision'] },
    { name: 'another branch', push: { revision: 'release', touchedHead: false }, want: ['full-ref', 'templated-revision'] },
    { name: 'a tag', push: { revision: 'v1', touchedHead: false }, want: ['tag', 'templated-revision'] },
    { name: 'a branch, default unknown', push: { revision: 'dev' }, want: ['head', 'no-revision', 'templated-revision'] },
  ])('$name', async ({ push, want }) => {
    expect(await service.setsReading([FLEET], push)).toEqual(want);
  });
});
