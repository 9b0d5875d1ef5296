import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKubeApiServer, type KubeApiServer } from '../support/kube-api';
import type { JsonObject } from '../support/kube-api/json';
import { deployment } from './builders';

type Obj = Record<string, unknown>;
const DELAY_MS = 100;

/** Keeps the event loop busy, as a process serving a hundred test servers under load does. */
function busyFor(ms: number): void {
  const end = performance.now() + ms;
  while (performance.now() < end);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * On the real clock. Node runs due timers one list per duration: when the loop comes back late, every due 100 ms
 * timer (an older one heads that list) runs before any due 0 ms timer set later — a 'settled' write before the
 * 'progressing' one scheduled with it.
 */
describe('kube-api test server: workload status on a late event loop', () => {
  let server: KubeApiServer;

  beforeAll(async () => {
    server = await startKubeApiServer({ name: 'late-loop', namespaces: ['work'], controllerDelayMs: DELAY_MS });
  });

  afterAll(async () => {
    await server.stop();
  });

  it('settles a Deployment whose timers came due while the loop was busy, behind an older settle timer', async () => {
    server.seed(deployment('earlier', 'work', { replicas: 2 }) as JsonObject);
    // The earlier Deployment's 'progressing' write runs; its 'settled' timer stays pending and heads the 100 ms list.
    await sleep(20);
    // The loop is busy past that timer's due time; meanwhile a spec change arrives and is scheduled behind it.
    busyFor(DELAY_MS);
    server.seed(deployment('later', 'work', { replicas: 6 }) as JsonObject);
    busyFor(DELAY_MS + 20);
    await sleep(DELAY_MS * 3);

    for (const name of ['earlier', 'later']) {
      const status = (server.peek('apps/deployments', 'work', name)?.status ?? {}) as Obj;
      expect({ name, observedGeneration: status.observedGeneration, availableReplicas: status.availableReplicas }).toEqual({
        name,
        observedGeneration: 1,
        availableReplicas: name === 'earlier' ? 2 : 6,
      });
    }
  });
});
