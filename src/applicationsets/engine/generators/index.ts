import { ClusterDecisionResourceGenerator } from './cluster-decision-resource';
import { ClustersGenerator } from './clusters';
import { GitGenerator } from './git';
import { ListGenerator } from './list';
import { MatrixGenerator } from './matrix';
import { MergeGenerator } from './merge';
import { PluginGenerator } from './plugin';
import { PullRequestGenerator } from './pull-request';
import { GeneratorRegistry } from './registry';
import { ScmProviderGenerator } from './scm-provider';

export type { GenerationContext, Generator, GeneratorResult } from './generator';
export type { GitTreeEntry, GitTreeSource } from './git-source';
export type { PluginRequest, PluginSource } from './plugin-source';
export { GeneratorRegistry } from './registry';

/** The registry with every generator this engine implements. */
export function createDefaultRegistry(): GeneratorRegistry {
  const registry = new GeneratorRegistry();
  return registry
    .register(new ListGenerator())
    .register(new ClustersGenerator())
    .register(new GitGenerator())
    .register(new ClusterDecisionResourceGenerator())
    .register(new PluginGenerator())
    .register(new PullRequestGenerator())
    .register(new ScmProviderGenerator())
    .register(new MatrixGenerator(registry))
    .register(new MergeGenerator(registry));
}
