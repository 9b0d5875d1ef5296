import { describe, expect, it } from 'vitest';
import { FakeClock } from '../clock/fake-clock';
import type { AppConfig } from '../config/app-config';
import { type GitMirrors, parseRepoUrl, type RevisionResolution } from '../git';
import { FORGET_UNREAD_AFTER_INTERVALS, RevisionPoller } from './revision-poller';

const REPO = 'https://git.local/fleet.git';

/**
 * Mirrors as GitMirrors behaves: concurrent callers share the ls-remote under way, each matching its own
 * revisions. The test ends each ls-remote by hand; ls-remote n sees every branch at commit `c<n>`, as if a commit
 * were pushed between any two.
 */
function harness() {
  const lsRemotes: { revisions: string[][]; finish: () => void; fail: () => void }[] = [];
  let underWay: { refs: Promise<string>; revisions: string[][] } | undefined;
  const mirrors = {
    resolveRevisions: async (_url: string, revisions: string[]) => {
      if (!underWay) {
        const sha = `c${lsRemotes.length + 1}`;
        let finish!: () => void;
        let fail!: () => void;
        const refs = new Promise<string>((resolve, reject) => {
          finish = () => resolve(sha);
          fail = () => reject(new Error('unreachable'));
        });
        const current = { refs, revisions: [] as string[][] };
        underWay = current;
        lsRemotes.push({ revisions: current.revisions, finish, fail });
        refs.then(
          () => (underWay = underWay === current ? undefined : underWay),
          () => (underWay = underWay === current ? undefined : underWay),
        );
      }
      underWay.revisions.push(revisions);
      const sha = await underWay.refs;
      return new Map<string, RevisionResolution>(revisions.map((revision) => [revision, { ok: true, sha }]));
    },
  } as unknown as GitMirrors;
  const clock = new FakeClock();
  const poller = new RevisionPoller(mirrors, clock, { reconcile: { gitPollSeconds: 120, intervalSeconds: 60 } } as AppConfig);
  const sha = async (answer: Promise<Map<string, RevisionResolution>>, revision = 'main') => {
    const resolution = (await answer).get(revision);
    return resolution?.ok ? resolution.sha : undefined;
  };
  const forced = (revision = 'main', since = poller.mark()) => poller.resolve(REPO, [revision], undefined, { freshSince: since });
  /** A pass's look-up of `url`: the ls-remote it starts, if any, answers at once. */
  const read = async (url: string) => {
    const started = lsRemotes.length;
    const answer = poller.resolve(url, ['main']);
    if (lsRemotes.length > started) lsRemotes[started].finish();
    await answer;
  };
  return { poller, clock, lsRemotes, sha, forced, read };
}

describe('RevisionPoller', () => {
  it('answers from the cache until the poll interval has passed', async () => {
    const { poller, clock, lsRemotes, sha } = harness();
    const first = poller.resolve(REPO, ['main']);
    lsRemotes[0].finish();
    expect(await sha(first)).toBe('c1');
    expect(await sha(poller.resolve(REPO, ['main']))).toBe('c1');
    await clock.advance(132_000);
    const later = poller.resolve(REPO, ['main']);
    lsRemotes[1].finish();
    expect(await sha(later)).toBe('c2');
    expect(lsRemotes).toHaveLength(2);
  });

  it('forced: looks again within the poll interval, and the answer refreshes the cache for everyone', async () => {
    const { poller, lsRemotes, sha, forced } = harness();
    const cached = poller.resolve(REPO, ['main', 'v1']);
    lsRemotes[0].finish();
    await cached;
    const answer = forced();
    lsRemotes[1].finish();
    expect(await sha(answer)).toBe('c2');
    // It asked for every revision the cache knew, so the cached path sees the new commit at once.
    expect(lsRemotes[1].revisions.map((asked) => asked.sort())).toEqual([['main', 'v1']]);
    expect(await sha(poller.resolve(REPO, ['v1']), 'v1')).toBe('c2');
    expect(lsRemotes).toHaveLength(2);
  });

  it('a burst of forced callers costs one ls-remote: they join the one under way, or take its answer if they asked before it began', async () => {
    const { poller, lsRemotes, sha, forced } = harness();
    const askedEarly = poller.mark();
    const burst = [forced(), forced('v1'), forced()];
    lsRemotes[0].finish();
    expect(await Promise.all([sha(burst[0]), sha(burst[1], 'v1'), sha(burst[2])])).toEqual(['c1', 'c1', 'c1']);
    expect(await sha(forced('main', askedEarly))).toBe('c1');
    expect(lsRemotes).toHaveLength(1);
  });

  it('a forced caller never takes a cached answer from an ls-remote begun before it asked', async () => {
    const { poller, lsRemotes, sha, forced } = harness();
    const first = poller.resolve(REPO, ['main']);
    const askedAt = poller.mark();
    // A cached-path caller for another revision joins the ls-remote under way: its answer is just as old.
    const joined = poller.resolve(REPO, ['v1']);
    lsRemotes[0].finish();
    await Promise.all([first, joined]);
    const answer = forced('v1', askedAt);
    lsRemotes[1].finish();
    expect(await sha(answer, 'v1')).toBe('c2');
    expect(lsRemotes).toHaveLength(2);
  });

  it(`forgets a repository nothing asked for in ${FORGET_UNREAD_AFTER_INTERVALS} intervals (the longer of poll and pass), at a later look-up`, async () => {
    const { poller, clock, read } = harness();
    const [fleet, gone] = [REPO, 'https://git.local/gone.git'].map((url) => parseRepoUrl(url, true).normalized);
    await read(REPO);
    await read(gone);
    // 120 s intervals (GIT_POLL_SECONDS 120 > RECONCILE_INTERVAL_SECONDS 60): the pass asks for REPO alone from now on.
    for (let pass = 1; pass <= FORGET_UNREAD_AFTER_INTERVALS; pass++) {
      await clock.advance(120_000);
      await read(REPO);
    }
    expect(poller.knownRepositories().sort()).toEqual([fleet, gone].sort());
    await clock.advance(1_000);
    // Past the window: no longer one this replica reads, even before a look-up drops its entries.
    expect(poller.hasRead([gone])).toBe(false);
    await clock.advance(119_000);
    await read(REPO);
    expect(poller.knownRepositories()).toEqual([fleet]);
    // A push drops the answer, not the knowledge that the applications read the repository.
    poller.invalidate([fleet]);
    expect(poller.knownRepositories()).toEqual([]);
    expect(poller.hasRead([fleet])).toBe(true);
  });

  it('a failed forced look-up fails its callers and the next one tries again', async () => {
    const { lsRemotes, sha, forced } = harness();
    const failing = forced();
    lsRemotes[0].fail();
    await expect(failing).rejects.toThrow('unreachable');
    const retry = forced();
    lsRemotes[1].finish();
    expect(await sha(retry)).toBe('c2');
  });
});
