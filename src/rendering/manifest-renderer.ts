import { mkdir, mkdtemp, readdir, realpath, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { KubernetesObject, RenderedManifests, RenderRequest, RenderTool, SourceFile } from './application-source';
import { renderDirectory, renderFiles, type ReadLimits } from './directory-source';
import { defaultKustomizeCandidates, findKustomize, type KustomizeCandidate, type KustomizeCommand } from '../render-tools/kustomize-binary';
import { ToolRunError } from '../render-tools/tool-run-error';
import { parseManifestFile } from './manifest-parser';
import { RenderError, type RenderErrorKind } from './render-error';
import { runHelm, runKustomize, type ToolLimits } from '../render-tools/tool-runs';

export interface ManifestRendererOptions {
  /** Where to look for kustomize, in order (default: `defaultKustomizeCandidates(kustomizePath)`). */
  readonly kustomizeCandidates?: readonly KustomizeCandidate[];
  readonly kustomizePath?: string;
  /** Helm charts are rendered only when a helm binary is configured. */
  readonly helmPath?: string;
  readonly tmpDir?: string;
  /** Per tool run (default 60 s). */
  readonly timeoutMs?: number;
  /** Largest tool output accepted (default 32 MiB). */
  readonly maxOutputBytes?: number;
  /** Plain directories: files and bytes read (default 5 000 files, 32 MiB). */
  readonly readLimits?: ReadLimits;
  /** Objects per application (default 10 000). */
  readonly maxObjects?: number;
  /** Let kustomize/helm download remote bases and charts (default off: those reads cannot be bounded). */
  readonly allowRemote?: boolean;
}

const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];

/** Turns an application source (Argo CD `spec.source`) into Kubernetes objects. */
export class ManifestRenderer {
  private kustomizeLookup?: Promise<KustomizeCommand | undefined>;
  private readonly readLimits: ReadLimits;
  private readonly tools: ToolLimits;

  constructor(private readonly options: ManifestRendererOptions = {}) {
    this.readLimits = options.readLimits ?? { maxFiles: 5_000, maxBytes: 32 * 1024 * 1024 };
    this.tools = {
      tmpDir: options.tmpDir ?? os.tmpdir(),
      timeoutMs: options.timeoutMs ?? 60_000,
      maxOutputBytes: options.maxOutputBytes ?? 32 * 1024 * 1024,
      allowRemote: options.allowRemote ?? false,
    };
  }

  async render(request: RenderRequest): Promise<RenderedManifests> {
    const appPath = normalizeAppPath(request.source.path);
    const rendered = request.tree.kind === 'directory' ? await this.renderCheckout(request, request.tree.root, appPath) : await this.renderFileList(request, request.tree.files);
    if (rendered.objects.length > (this.options.maxObjects ?? 10_000)) {
      throw new RenderError('TooLarge', `rendering produced ${rendered.objects.length} objects (limit ${this.options.maxObjects ?? 10_000})`);
    }
    return rendered;
  }

  private async renderCheckout(request: RenderRequest, root: string, appPath: string): Promise<RenderedManifests> {
    const realRoot = await realpath(root);
    const appDir = path.join(realRoot, appPath);
    const isDir = await stat(appDir).then((s) => s.isDirectory(), () => false);
    // The directory must really be inside the checkout (a symlinked path could point anywhere).
    if (!isDir || !isInside(realRoot, await realpath(appDir))) throw new RenderError('NotFound', `path "${appPath || '.'}" is not a directory in the repository`);
    const names = new Set(await readdir(appDir));
    const tool = detectTool(names);
    if (tool === 'helm') return { tool, objects: await this.renderHelm(request, appDir, realRoot) };
    if (tool === 'kustomize') {
      const output = await toolRun(() => this.kustomize().then((command) => runKustomize(command, appDir, request.source.kustomize, this.tools)));
      return { tool, objects: parseManifestFile('kustomize output', output) };
    }
    return { tool, objects: await renderDirectory(appDir, request.source.directory, this.readLimits) };
  }

  /** Loose files render in memory; kustomize and helm need them on disk, in a temp dir removed afterwards. */
  private async renderFileList(request: RenderRequest, files: readonly SourceFile[]): Promise<RenderedManifests> {
    const topLevel = new Set(files.filter((f) => !f.path.includes('/')).map((f) => f.path));
    if (detectTool(topLevel) === 'directory') return { tool: 'directory', objects: renderFiles(files, request.source.directory, this.readLimits) };
    const dir = await mkdtemp(path.join(this.tools.tmpDir, 'flotilla-render-'));
    try {
      let total = 0;
      for (const file of files) {
        total += file.content.length;
        if (total > this.readLimits.maxBytes) throw new RenderError('TooLarge', `source files exceed ${this.readLimits.maxBytes} bytes`);
        const target = path.join(dir, normalizeAppPath(file.path));
        await mkdir(path.dirname(target), { recursive: true });
        await writeFile(target, file.content);
      }
      return await this.renderCheckout({ ...request, source: { ...request.source, path: '' } }, dir, '');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }

  private async renderHelm(request: RenderRequest, chartDir: string, root: string): Promise<KubernetesObject[]> {
    if (!this.options.helmPath) throw new RenderError('HelmNotConfigured', `"${request.source.path}" is a Helm chart, but no helm binary is configured`);
    const release = { name: request.source.helm?.releaseName ?? request.appName ?? 'release', namespace: request.destinationNamespace };
    const output = await toolRun(() => runHelm(this.options.helmPath!, { chartDir, root, refRoots: request.refRoots }, release, request.source.helm, this.tools));
    return parseManifestFile('helm output', output);
  }

  private async kustomize(): Promise<KustomizeCommand> {
    const candidates = this.options.kustomizeCandidates ?? defaultKustomizeCandidates(this.options.kustomizePath);
    // Looked up once; a failed lookup is retried next time (a binary may have been installed since).
    this.kustomizeLookup ??= findKustomize(candidates);
    const command = await this.kustomizeLookup;
    if (command) return command;
    this.kustomizeLookup = undefined;
    const tried = candidates.map((c) => (c.flavor === 'kubectl' ? `${c.command} kustomize` : c.command)).join(', ') || 'none configured';
    throw new RenderError('KustomizeNotFound', `no kustomize binary found (tried: ${tried})`);
  }
}

const RENDER_ERROR_OF: Record<'kustomize' | 'helm', Record<ToolRunError['failure'], RenderErrorKind>> = {
  kustomize: { NotFound: 'KustomizeNotFound', Timeout: 'Timeout', TooLarge: 'TooLarge', Failed: 'KustomizeFailed', InvalidOptions: 'KustomizeFailed' },
  helm: { NotFound: 'HelmNotConfigured', Timeout: 'Timeout', TooLarge: 'TooLarge', Failed: 'HelmFailed', InvalidOptions: 'HelmFailed' },
};

/** A tool run whose failure becomes a RenderError of the matching kind. */
async function toolRun(run: () => Promise<string>): Promise<string> {
  try {
    return await run();
  } catch (error) {
    if (!(error instanceof ToolRunError)) throw error;
    throw new RenderError(RENDER_ERROR_OF[error.tool][error.failure], error.message, {}, { cause: error });
  }
}

function detectTool(names: ReadonlySet<string>): RenderTool {
  if (names.has('Chart.yaml')) return 'helm';
  if (KUSTOMIZATION_FILES.some((name) => names.has(name))) return 'kustomize';
  return 'directory';
}

function normalizeAppPath(raw: string): string {
  const trimmed = raw.trim().replace(/^\.\/+/, '').replace(/\/+$/, '');
  if (trimmed === '' || trimmed === '.') return '';
  if (trimmed.startsWith('/') || trimmed.split('/').some((s) => s === '..' || s === '')) {
    throw new RenderError('NotFound', `invalid path "${raw}": must be relative and stay inside the repository`);
  }
  return trimmed;
}

function isInside(root: string, candidate: string): boolean {
  return candidate === root || candidate.startsWith(`${root}${path.sep}`);
}
