import { lstat, readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { DirectorySourceOptions, KubernetesObject, SourceFile } from './application-source';
import { globToRegExp } from './glob';
import { MANIFEST_EXTENSIONS, parseManifestFile } from './manifest-parser';
import { RenderError } from './render-error';

export interface ReadLimits {
  readonly maxFiles: number;
  readonly maxBytes: number;
}

/** Argo CD's file selection: manifest extensions, top level unless `recurse`, then exclude, then include. */
export function manifestSelector(options: DirectorySourceOptions = {}): (relativePath: string) => boolean {
  let include: RegExp | undefined;
  let exclude: RegExp | undefined;
  try {
    include = options.include ? globToRegExp(options.include) : undefined;
    exclude = options.exclude ? globToRegExp(options.exclude) : undefined;
  } catch (cause) {
    throw new RenderError('InvalidManifest', `directory include/exclude: ${(cause as Error).message}`, {}, { cause });
  }
  return (relativePath) => {
    if (!MANIFEST_EXTENSIONS.includes(path.extname(relativePath).toLowerCase())) return false;
    if (!options.recurse && relativePath.includes('/')) return false;
    if (exclude?.test(relativePath)) return false;
    return include === undefined || include.test(relativePath);
  };
}

/** Reads and parses the selected files of a directory; symlinks are skipped, sizes checked before reading. */
export async function renderDirectory(appDir: string, options: DirectorySourceOptions | undefined, limits: ReadLimits): Promise<KubernetesObject[]> {
  const select = manifestSelector(options);
  const budget = new Budget(limits);
  const objects: KubernetesObject[] = [];
  const walk = async (relativeDir: string): Promise<void> => {
    const entries = await readdir(path.join(appDir, relativeDir), { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      const relativePath = relativeDir === '' ? entry.name : `${relativeDir}/${entry.name}`;
      if (entry.isDirectory()) {
        if (options?.recurse && entry.name !== '.git') await walk(relativePath);
      } else if (entry.isFile() && select(relativePath)) {
        const file = path.join(appDir, relativePath);
        budget.add(relativePath, (await lstat(file)).size);
        objects.push(...parseManifestFile(relativePath, await readFile(file, 'utf8')));
      }
    }
  };
  await walk('');
  return objects;
}

/** The same selection over in-memory files (paths relative to the application directory). */
export function renderFiles(files: readonly SourceFile[], options: DirectorySourceOptions | undefined, limits: ReadLimits): KubernetesObject[] {
  const select = manifestSelector(options);
  const budget = new Budget(limits);
  const selected = files.filter((f) => select(f.path)).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  return selected.flatMap((file) => {
    budget.add(file.path, file.content.length);
    return parseManifestFile(file.path, file.content.toString('utf8'));
  });
}

class Budget {
  private files = 0;
  private bytes = 0;

  constructor(private readonly limits: ReadLimits) {}

  add(file: string, size: number): void {
    this.files += 1;
    this.bytes += size;
    if (this.files > this.limits.maxFiles) throw new RenderError('TooLarge', `more than ${this.limits.maxFiles} manifest files`, { file });
    if (this.bytes > this.limits.maxBytes) throw new RenderError('TooLarge', `manifest files exceed ${this.limits.maxBytes} bytes`, { file });
  }
}
