import { describe, expect, it } from 'vitest';
import type { AppProject } from '../domain/app-project';
import type { Application } from '../domain/application';
import type { DesiredStates } from './desired-state';
import type { ReconcileConfig, ReconcileConfigReading } from './reconcile-config';
import { SourceWarmup } from './source-warmup';

const REPO = 'https://127.0.0.1:9/fleet.git';

function project(name: string, sourceRepos: string[]): AppProject {
  return { apiVersion: 'argoproj.io/v1alpha1', kind: 'AppProject', metadata: { name }, spec: { sourceRepos, destinations: [{ server: '*', namespace: '*' }] } } as AppProject;
}

function app(name: string, source: Record<string, unknown>, projectName = 'default'): Application {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name },
    spec: { project: projectName, source: { repoURL: REPO, targetRevision: 'main', ...source }, destination: { server: 'https://127.0.0.1:6443', namespace: 'web' } },
  } as Application;
}

/** A warm-up whose renders are recorded (application name and path) and answered by `answer`. */
function warmupWith(answer: () => Promise<never> | Promise<unknown> = () => Promise.resolve({ sha: 'a'.repeat(40), objects: [] })) {
  const rendered: { name: string; path: unknown }[] = [];
  let configReads = 0;
  const reading = {
    projects: new Map([
      ['default', project('default', ['*'])],
      ['locked', project('locked', ['https://127.0.0.1:9/other.git'])],
    ]),
    credentialsFor: () => Promise.resolve(undefined),
  } as unknown as ReconcileConfigReading;
  const config = { current: () => (configReads++, Promise.resolve(reading)) } as unknown as ReconcileConfig;
  const desired = {
    read: (name: string, application: Application) => {
      rendered.push({ name, path: application.spec.source?.path });
      return answer();
    },
  } as unknown as DesiredStates;
  return { warmup: new SourceWarmup(config, desired), rendered, configReads: () => configReads, reading };
}

/** Lets the background renders start (they wait for the config reading first). */
const started = () => new Promise((resolve) => setImmediate(resolve));

describe('SourceWarmup', () => {
  it('renders each distinct source once, however many applications read it', async () => {
    const { warmup, rendered, configReads } = warmupWith();
    warmup.warm([...Array.from({ length: 50 }, (_, i) => app(`prod-${i}`, { path: 'overlays/production' })), app('staging-0', { path: 'overlays/staging' }), app('staging-1', { path: 'overlays/staging' })]);
    await started();
    expect(rendered).toEqual([
      { name: 'prod-0', path: 'overlays/production' },
      { name: 'staging-0', path: 'overlays/staging' },
    ]);
    expect(configReads()).toBe(1);
  });

  it('uses the reading its caller began beside its own reads, without another look at the config', async () => {
    const { warmup, rendered, configReads, reading } = warmupWith();
    warmup.warm([app('a', { path: 'x' })], Promise.resolve(reading));
    await started();
    expect(rendered.map((render) => render.name)).toEqual(['a']);
    expect(configReads()).toBe(0);
  });

  it('renders each Helm application apart: the release name and namespace are in its output', async () => {
    const { warmup, rendered } = warmupWith();
    warmup.warm([app('a', { path: 'chart', helm: {} }), app('b', { path: 'chart', helm: {} }), app('a', { path: 'chart', helm: {} })]);
    await started();
    expect(rendered.map((render) => render.name)).toEqual(['a', 'b']);
  });

  it('starts at most 32 renders for one write', async () => {
    const { warmup, rendered } = warmupWith();
    warmup.warm(Array.from({ length: 100 }, (_, i) => app(`path-${i}`, { path: `apps/${i}` })));
    await started();
    expect(rendered).toHaveLength(32);
  });

  it("fetches nothing the application's project does not permit, nor for a project that does not exist", async () => {
    const { warmup, rendered } = warmupWith();
    warmup.warm([app('refused', { path: 'a' }, 'locked'), app('unknown', { path: 'b' }, 'nowhere'), app('permitted', { path: 'c' })]);
    await started();
    expect(rendered.map((render) => render.name)).toEqual(['permitted']);
  });

  it('keeps a failed render to itself: the reconcile meets it again and reports it', async () => {
    const unhandled: unknown[] = [];
    const onUnhandled = (reason: unknown) => unhandled.push(reason);
    process.on('unhandledRejection', onUnhandled);
    try {
      const { warmup, rendered } = warmupWith(() => Promise.reject(new Error('git ls-remote failed')));
      warmup.warm([app('a', { path: 'x' }), app('b', { path: 'y' })]);
      await started();
      await started();
      expect(rendered).toHaveLength(2);
      expect(unhandled).toEqual([]);
    } finally {
      process.off('unhandledRejection', onUnhandled);
    }
  });
});
