import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HubPolicyReload, POLICY_FILE_SETTLE_TIMER } from '../../src/access/hub-policy-reload.service';
import { FakeClock } from '../../src/clock/fake-clock';
import { type CapturedStdout, captureStdout } from '../support/captured-stdout';
import { parseExposition, samples } from '../support/prometheus-text';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const FIRST = '# the policy the hub starts with\np, role:ci, projects, get, *, allow\n';
const VIEWER_READS_TOKENS = '# viewers may list tokens\np, role:readonly, tokens, get, *, allow\n';
const BROKEN = 'p, role:readonly, tokens, get\n';

describe('RBAC_POLICY_FILE, reloaded without a restart', () => {
  const clock = new FakeClock('2026-03-10T12:00:00Z');
  let logs: CapturedStdout;
  let dir: string;
  let file: string;
  let hub: TestHub;
  let viewer: string;

  /**
   * Moves the hub's clock to the next periodic check of the file and waits for that check to finish, then, when it
   * saw a new content, to the re-read that confirms it (a moment later), and waits for that too.
   */
  const nextCheck = async (options: { reread?: () => void } = {}) => {
    await clock.advanceToNext('access-policy-file');
    await hub.app.get(HubPolicyReload).settled();
    if (!clock.pendingTimers().includes(POLICY_FILE_SETTLE_TIMER)) return;
    options.reread?.();
    await clock.advanceToNext(POLICY_FILE_SETTLE_TIMER);
    await hub.app.get(HubPolicyReload).settled();
  };
  const listTokens = () => hub.http.get('/api/v1/tokens').set(bearer(viewer));
  const reloadMetric = async () => {
    const metrics = parseExposition((await hub.http.get('/metrics').expect(200)).text);
    return samples(metrics, 'flotilla_access_policy_last_reload_successful').map((sample) => sample.value);
  };
  const refusalsLogged = () => logs.text().split('\n').filter((line) => line.includes('changed and cannot be used')).length;

  beforeAll(async () => {
    logs = captureStdout();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-policy-http-'));
    file = path.join(dir, 'policy.csv');
    fs.writeFileSync(file, FIRST);
    hub = await startTestHub({ clock, env: { LOG_LEVEL: 'info', RBAC_POLICY_FILE: file, RBAC_POLICY_FILE_CHECK_SECONDS: '30' } });
    viewer = (await hub.http.post('/api/v1/tokens').set(bearer(hub.adminToken)).send({ name: 'auditor', role: 'viewer' }).expect(201)).body.token;
  });

  afterAll(async () => {
    await hub?.close();
    logs?.restore();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('puts a rewritten file in force at the next check, and keeps it through an invalid or missing file', async () => {
    // As started: a viewer may not list tokens.
    const refused = await listTokens().expect(403);
    expect(refused.body.message).toBe('permission denied: tokens, get, *');
    expect(await reloadMetric()).toEqual([1]);

    // The file grants it: the same request is allowed after the next check, without a restart.
    fs.writeFileSync(file, VIEWER_READS_TOKENS);
    await listTokens().expect(403);
    await nextCheck();
    await listTokens().expect(200);
    expect(await reloadMetric()).toEqual([1]);
    expect(logs.text()).toContain(`Reloaded RBAC_POLICY_FILE ${file}`);

    // An invalid file: the policy in force stays, the metric says so, and the error is logged once however often it is seen.
    fs.writeFileSync(file, BROKEN);
    await nextCheck();
    await listTokens().expect(200);
    expect(await reloadMetric()).toEqual([0]);
    await nextCheck();
    await listTokens().expect(200);
    expect(refusalsLogged()).toBe(1);
    expect(logs.text()).toContain('a p line has 6 fields');

    // A missing file: the same, logged once more (another problem).
    fs.rmSync(file);
    await nextCheck();
    await listTokens().expect(200);
    expect(await reloadMetric()).toEqual([0]);
    expect(refusalsLogged()).toBe(2);

    // A usable file again: in force at the next check, and the metric says so.
    fs.writeFileSync(file, FIRST);
    await nextCheck();
    await listTokens().expect(403);
    expect(await reloadMetric()).toEqual([1]);
  });

  it('never puts in force a file caught mid-write, and refuses one left empty', async () => {
    fs.writeFileSync(file, VIEWER_READS_TOKENS);
    await nextCheck();
    await listTokens().expect(200);
    // `cat new > policy.csv`: a check lands after the truncation, the re-read after the first line of the new text.
    fs.writeFileSync(file, '');
    await nextCheck({ reread: () => fs.writeFileSync(file, '# the next policy\n') });
    await listTokens().expect(200);
    expect(await reloadMetric()).toEqual([1]);
    // The writer finishes: the next check and its re-read agree, and the new text is in force.
    fs.writeFileSync(file, FIRST);
    await nextCheck();
    await listTokens().expect(403);
    // A file left empty is refused, however long it stays so: the policy in force is kept, the gauge says so.
    const refusals = refusalsLogged();
    fs.writeFileSync(file, '');
    await nextCheck();
    await nextCheck();
    await listTokens().expect(403);
    expect(await reloadMetric()).toEqual([0]);
    expect(refusalsLogged()).toBe(refusals + 1);
    expect(logs.text()).toContain(`${file} is empty`);
  });
});
