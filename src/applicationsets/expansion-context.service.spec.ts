import { describe, expect, it } from 'vitest';
import type { AppConfig } from '../config/app-config';
import type { ProjectsService } from '../projects/projects.service';
import type { ClusterRepository } from '../repositories/cluster.repository';
import type { ConfigGenerationRepository } from '../repositories/config-generation.repository';
import { DestinationResolver, type GitTreeSource } from './engine';
import { ExpansionContextService } from './expansion-context.service';

/** The service over fake repositories: a counter the test moves, and registry reads it counts (or fails). */
function harness() {
  const state = { generation: '1', clusterReads: 0, projectReads: 0, failNextRead: false, clusters: ['alpha'] };
  const generations = { current: async () => state.generation } as ConfigGenerationRepository;
  const clusters = {
    listGeneratorFacts: async () => {
      state.clusterReads++;
      if (state.failNextRead) {
        state.failNextRead = false;
        throw new Error('connection terminated');
      }
      return state.clusters.map((name) => ({ name, nameNormalized: name, server: `https://127.0.0.1:6443/${name}`, project: null, labels: { env: 'prod' }, annotations: {} }));
    },
  } as unknown as ClusterRepository;
  const projects = {
    projectsByName: async () => {
      state.projectReads++;
      return new Map();
    },
  } as unknown as ProjectsService;
  const config = { applicationSets: { inCluster: 'false' }, reconcile: { allowLocalRepositories: true } } as AppConfig;
  const none = undefined as never;
  const service = new ExpansionContextService(generations, clusters, projects, none, none, none, none, none, config);
  // Git is not what these tests are about: every load is given a source of its own.
  const load = () => service.load({} as GitTreeSource);
  return { load, state };
}

const names = (context: { clusters: readonly { name: string }[] }) => context.clusters.map((cluster) => cluster.name);

describe('ExpansionContextService, the registry an expansion reads', () => {
  it('is read once while the config generation stands still, and again once it moved', async () => {
    const { load, state } = harness();
    const first = await load();
    const second = await load();
    expect(state).toMatchObject({ clusterReads: 1, projectReads: 1 });
    expect(second.clusters).toBe(first.clusters);
    state.generation = '2';
    state.clusters = ['alpha', 'beta'];
    expect(names(await load())).toEqual(['alpha', 'beta']);
    expect(state).toMatchObject({ clusterReads: 2, projectReads: 2 });
  });

  it('is shared frozen: an expansion cannot change what the next one reads', async () => {
    const { load } = harness();
    const context = await load();
    expect(() => (context.clusters as unknown as { name: string }[]).push({ name: 'intruder' })).toThrow(TypeError);
    expect(() => {
      context.clusters[0].labels.env = 'staging';
    }).toThrow(TypeError);
  });

  it('is not kept when reading it failed: the next expansion reads again', async () => {
    const { load, state } = harness();
    state.failNextRead = true;
    await expect(load()).rejects.toThrow('connection terminated');
    expect(names(await load())).toEqual(['alpha']);
    expect(state.clusterReads).toBe(2);
  });

  it('indexes a shared list of clusters for destinations once, and a list that may change each time', async () => {
    const { load } = harness();
    const context = await load();
    expect(DestinationResolver.of(await load())).toBe(DestinationResolver.of(context));
    const changeable = { clusters: [...context.clusters] };
    expect(DestinationResolver.of(changeable)).not.toBe(DestinationResolver.of(changeable));
    expect(DestinationResolver.of(changeable).resolve({ server: 'https://127.0.0.1:6443/alpha' })).toEqual({ ok: true, cluster: { name: 'alpha', server: 'https://127.0.0.1:6443/alpha' } });
  });
});
