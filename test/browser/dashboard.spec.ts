import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Page } from 'playwright-core';
import { FakeClock } from '../../src/clock/fake-clock';
import { ReconcileTriggers } from '../../src/reconcile/reconcile.triggers';
import { startFleet, type Fleet } from '../support/fleet-rollouts';
import { chromiumMissing, launchChromium, type TestBrowser } from './chromium';
import { EXAMPLE_APPS, EXAMPLE_CLUSTERS } from '../support/example-fleet';

const SET = 'my-api-rollout';
const CLUSTERS = EXAMPLE_CLUSTERS;
const APPS = EXAMPLE_APPS;
const SETTLE_MS = 1_000;
// The dashboard polls every 5 s; a change shows within two polls.
const SEEN_WITHIN_MS = 12_000;

/**
 * The dashboard in a real browser (headless Chromium driven by playwright-core) against a real hub, the example fleet
 * repo and three Kubernetes API test servers. The hub runs on a fake clock, so nothing moves unless the test ticks;
 * the page's own polling runs in real time.
 */
describe.skipIf(chromiumMissing)(`the dashboard in Chromium${chromiumMissing ? ` (skipped: ${chromiumMissing})` : ''}`, () => {
  const clock = new FakeClock('2026-06-01T08:00:00Z');
  let fleet: Fleet;
  let browser: TestBrowser;
  let page: Page;

  const signIn = async (target: Page, token: string) => {
    await target.goto(fleet.hub.url);
    await target.getByLabel('API token').fill(token);
    await target.getByRole('button', { name: 'Sign in' }).click();
    await target.getByRole('navigation', { name: 'Main' }).waitFor();
  };

  beforeAll(async () => {
    fleet = await startFleet({ clock, settleMs: SETTLE_MS, clusters: CLUSTERS });
    await fleet.hub.http.post('/api/v1/applicationsets').set(fleet.auth).send(fleet.exampleSet()).expect(201);
    await fleet.hub.app.get(ReconcileTriggers).settled();
    await fleet.tick();
    await fleet.settledIn((await fleet.latest(SET)).id, ['Completed']);
    browser = await launchChromium();
    page = await browser.newPage();
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await fleet?.close();
  });

  it('offers a token sign-in (single sign-on is off) and refuses a wrong token', async () => {
    await page.goto(fleet.hub.url);
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    expect(await page.getByRole('link', { name: 'Sign in with SSO' }).count()).toBe(0);
    await page.getByLabel('API token').fill('fla_not-a-token');
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByText('That token was not accepted.').waitFor();
    await browser.screenshot(page, '1-sign-in');
  });

  it('signs in with a token and shows the fleet grid: every application Synced and Healthy at the deployed revision', async () => {
    await signIn(page, fleet.hub.adminToken);
    const revision = fleet.repo.head().slice(0, 7);
    for (const app of APPS) {
      const cell = page.getByRole('cell').filter({ has: page.getByRole('link', { name: `${app}: Synced, Healthy` }) });
      await cell.waitFor();
      expect(await cell.innerText()).toContain(revision);
    }
    expect(await page.getByRole('columnheader').allInnerTexts()).toEqual(['Application / set', ...CLUSTERS.map((cluster) => cluster.name).sort()]);
    await browser.screenshot(page, '2-fleet');
    await page.getByLabel('Cluster labels').fill('env=production');
    await page.getByRole('columnheader', { name: 'staging-eu' }).waitFor({ state: 'detached' });
    expect(await page.getByRole('columnheader').allInnerTexts()).toEqual(['Application / set', 'prod-eu', 'prod-us']);
    await page.getByLabel('Cluster labels').fill('');
  });

  it('syncs an application from its page and shows the new run in its history', async () => {
    const app = APPS[0];
    await page.getByRole('link', { name: `${app}: Synced, Healthy` }).click();
    await page.getByRole('heading', { name: app }).waitFor();
    await page.getByRole('table', { name: 'Resources' }).getByText('Deployment').waitFor();
    const runs = (await fleet.history(app)).length;
    await page.locator('tr.run').nth(runs - 1).waitFor();
    expect(await page.locator('tr.run').count()).toBe(runs);
    await page.getByRole('button', { name: `Sync ${app}` }).click();
    await page.locator('tr.run').nth(runs).waitFor({ timeout: SEEN_WITHIN_MS });
    const newest = (await fleet.history(app))[0];
    expect(newest).toMatchObject({ trigger: 'manual' });
    expect(await page.locator('tr.run').first().innerText()).toContain(newest.revision.slice(0, 7));
    await browser.screenshot(page, '3-application');
  });

  it('hides Sync from a viewer', async () => {
    const viewer = (await fleet.hub.http.post('/api/v1/tokens').set(fleet.auth).send({ name: 'dashboard-viewer', role: 'viewer' }).expect(201)).body.token as string;
    const other = await browser.newPage();
    await signIn(other, viewer);
    await other.goto(`${fleet.hub.url}/#/applications/${APPS[1]}`);
    await other.getByText('You may view this application but not sync it.').waitFor();
    expect(await other.getByRole('button', { name: /^Sync/ }).count()).toBe(0);
    await other.close();
  });

  it('shows a rollout step by step and pauses it from the rollouts page', async () => {
    const rollout = await fleet.rolloutOf(SET, () => fleet.release({ staging: 'v1.5.0', production: 'v1.5.0' }));
    expect(rollout.state).toBe('Progressing');
    await page.getByRole('link', { name: 'Rollouts' }).click();
    const card = page.getByRole('article').filter({ has: page.getByText('Progressing', { exact: true }) }).first();
    await card.getByRole('button', { name: `Pause rollout of ${SET}` }).click({ timeout: SEEN_WITHIN_MS });
    const paused = page.getByRole('article').filter({ has: page.getByText('Paused', { exact: true }) }).first();
    await paused.getByRole('button', { name: `Resume rollout of ${SET}` }).waitFor({ timeout: SEEN_WITHIN_MS });
    expect((await fleet.rollout(rollout.id)).state).toBe('Paused');
    expect(await paused.innerText()).toContain((await fleet.rollout(rollout.id)).reason!);
    await browser.screenshot(page, '4-rollouts');
    // A change made elsewhere shows without a reload: the page polls.
    await fleet.hub.http.post(`/api/v1/rollouts/${rollout.id}/resume`).set(fleet.auth).expect(200);
    await card.getByRole('button', { name: `Pause rollout of ${SET}` }).waitFor({ timeout: SEEN_WITHIN_MS });
  });

  it('lists clusters with their connection state and ApplicationSets with a preview', async () => {
    await page.getByRole('link', { name: 'Clusters' }).click();
    for (const cluster of CLUSTERS) await page.getByRole('rowheader', { name: cluster.name }).waitFor();
    // The periodic check is off in tests: a check through the API, and the next poll shows its outcome.
    const checked = (await fleet.hub.http.post('/api/v1/clusters/prod-eu/check').set(fleet.auth).expect(200)).body as { status: { connectionState: string; serverVersion: string } };
    expect(checked.status.connectionState).toBe('Successful');
    const row = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: 'prod-eu' }) });
    await row.getByText('Successful').waitFor({ timeout: SEEN_WITHIN_MS });
    expect(await row.innerText()).toContain(checked.status.serverVersion);
    await browser.screenshot(page, '5-clusters');
    await page.getByRole('link', { name: 'ApplicationSets' }).click();
    await page.getByRole('button', { name: `Preview ${SET}` }).click();
    const preview = page.getByRole('table', { name: 'Generated applications' });
    for (const app of APPS) await preview.getByRole('cell', { name: app, exact: true }).waitFor();
    await browser.screenshot(page, '6-applicationsets');
  });
});
