import { z } from 'zod';
import { TemplateRenderError } from '../template/renderer';
import type { FieldIssue, Params } from '../types';
import { schemaIssues, templateOverrideSchema } from './config-schema';
import { failed, succeeded, type GenerationContext, type Generator, type GeneratorResult } from './generator';
import { directoryParams, fileParams, parseParamFile, type PathParamOptions } from './git-params';
import { gitPathspecMatch, goPathMatch, normalizePathspec } from './git-patterns';
import type { GitTreeEntry, GitTreeSource } from './git-source';
import { withTemplatedValues } from './templated-values';

const pathItemSchema = z.looseObject({ path: z.string(), exclude: z.boolean().nullish() });

const gitSchema = z.looseObject({
  repoURL: z.string().min(1),
  revision: z.string().nullish(),
  directories: z.array(pathItemSchema).nullish(),
  files: z.array(pathItemSchema).nullish(),
  pathParamPrefix: z.string().nullish(),
  values: z.record(z.string(), z.string()).nullish(),
  // Argo CD requeues the set after this many seconds; here it shortens the set's re-poll interval.
  requeueAfterSeconds: z.int().min(0).nullish(),
  template: templateOverrideSchema.nullish(),
});

type PathItem = z.infer<typeof pathItemSchema>;

/**
 * `git`: parameters from a repository at a revision. `directories` gives one parameter set per directory matched
 * by an include pattern and no exclude pattern (Go path.Match; hidden directories are never listed);
 * `files` gives one per object in each JSON/YAML file matched by an include pattern and no exclude pattern (git
 * pathspec globbing, files sorted by path). Argo CD uses `directories` when it is non-empty, else `files`; with
 * neither the generator fails. `values` are rendered with each parameter set's own parameters.
 */
export class GitGenerator implements Generator {
  readonly kind = 'git';
  readonly composite = false;
  readonly configSchema = gitSchema;

  validate(config: unknown, path: string): FieldIssue[] {
    return schemaIssues(gitSchema, config, path);
  }

  async generate(config: unknown, context: GenerationContext, path: string): Promise<GeneratorResult> {
    const parsed = gitSchema.safeParse(config);
    if (!parsed.success) return failed(`${path}: invalid git generator`);
    const git = parsed.data;
    const directories = git.directories ?? [];
    const files = git.files ?? [];
    if (directories.length === 0 && files.length === 0) return failed(`${path}: needs a non-empty "directories" or "files" list`);
    if (!context.git) return failed(`${path}: Git repositories cannot be read here`);
    const source = context.git;
    const options: PathParamOptions = { goTemplate: context.goTemplate, pathParamPrefix: git.pathParamPrefix ?? '' };
    try {
      const sha = await source.resolve(git.repoURL, git.revision ?? '');
      const tree = await source.listTree(git.repoURL, sha);
      const params =
        directories.length > 0
          ? matchDirectories(tree, directories).map((dir) => directoryParams(dir, options))
          : await this.fileParams(source, git.repoURL, sha, tree, files, options, path);
      if (typeof params === 'string') return failed(params);
      return succeeded(params.map((set) => withTemplatedValues(set, git.values, context, path)));
    } catch (error) {
      if (error instanceof TemplateRenderError) return failed(error.message);
      // The source's messages are safe to show by contract; any failure to read fails the whole set.
      return failed(`${path}: ${error instanceof Error ? error.message : String(error)}`);
    }
  }

  private async fileParams(
    source: GitTreeSource,
    repoURL: string,
    sha: string,
    tree: GitTreeEntry[],
    items: PathItem[],
    options: PathParamOptions,
    path: string,
  ): Promise<Params[] | string> {
    const matched = matchFiles(tree, items, path);
    if (typeof matched === 'string') return matched;
    const params: Params[] = [];
    for (const file of matched) {
      const objects = parseParamFile(await source.readFile(repoURL, sha, file));
      if (typeof objects === 'string') return `${path}: file "${file}" at ${sha.slice(0, 12)}: ${objects}`;
      for (const object of objects) params.push(fileParams(file, object, options));
    }
    return params;
  }
}

/** Argo CD lists every directory of the checkout but hidden ones (and what is below them), depth first. */
function matchDirectories(tree: GitTreeEntry[], items: PathItem[]): string[] {
  const directories = tree
    .filter((entry) => entry.kind === 'directory' && !entry.path.split('/').some((segment) => segment.startsWith('.')))
    .map((entry) => entry.path)
    .sort(byWalkOrder);
  return directories.filter((dir) => {
    const matching = items.filter((item) => goPathMatch(item.path, dir));
    return matching.some((item) => item.exclude !== true) && !matching.some((item) => item.exclude === true);
  });
}

function matchFiles(tree: GitTreeEntry[], items: PathItem[], path: string): string[] | string {
  const include: string[] = [];
  const exclude: string[] = [];
  for (const [index, item] of items.entries()) {
    const normalized = normalizePathspec(item.path);
    if (!normalized.ok) return `${path}.files[${index}].path: ${normalized.reason}`;
    (item.exclude === true ? exclude : include).push(normalized.pathspec);
  }
  const matches = (file: string, patterns: string[]) => patterns.some((pattern) => gitPathspecMatch(pattern, file));
  return tree
    .filter((entry) => entry.kind === 'file' && matches(entry.path, include) && !matches(entry.path, exclude))
    .map((entry) => entry.path)
    .sort(byBytes);
}

// filepath.WalkDir visits a directory's entries in name order, each subtree before the next sibling.
function byWalkOrder(a: string, b: string): number {
  const left = a.split('/');
  const right = b.split('/');
  for (let index = 0; index < Math.min(left.length, right.length); index++) {
    const order = byBytes(left[index], right[index]);
    if (order !== 0) return order;
  }
  return left.length - right.length;
}

// Go's sort.Strings: byte order of the UTF-8 encodings.
function byBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}
