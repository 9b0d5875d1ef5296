import { ClustersGenerator } from './clusters';
import { GitGenerator } from './git';
import { ListGenerator } from './list';
import { MatrixGenerator } from './matrix';
import { MergeGenerator } from './merge';
import { GeneratorRegistry } from './registry';

export type { GenerationContext, Generator, GeneratorResult } from './generator';
export type { GitTreeEntry, GitTreeSource } from './git-source';
export { GeneratorRegistry, UNSUPPORTED_GENERATORS } from './registry';

/** The registry with every generator this engine implements. */
export function createDefaultRegistry(): GeneratorRegistry {
  const registry = new GeneratorRegistry();
  return registry
    .register(new ListGenerator())
    .register(new ClustersGenerator())
    .register(new GitGenerator())
    .register(new MatrixGenerator(registry))
    .register(new MergeGenerator(registry));
}
