import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { HelmSourceOptions, KubernetesObject, KustomizeSourceOptions } from './application-source';
import { boundedExec, ExecFailure } from './bounded-exec';
import type { KustomizeCommand } from './kustomize-binary';
import { hasKustomizeOverrides, wrapperKustomization } from './kustomize-wrapper';
import { parseManifestFile } from './manifest-parser';
import { RenderError, type RenderErrorKind } from './render-error';

export interface ToolLimits {
  readonly tmpDir: string;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  /** Keep remote bases and chart repositories unreachable: their downloads could not be bounded. */
  readonly allowRemote: boolean;
}

const MAX_STDERR = 4096;

/** `kustomize build` of `appDir`, through a wrapper kustomization in a temp dir when options are set. */
export async function runKustomize(command: KustomizeCommand, appDir: string, options: KustomizeSourceOptions | undefined, limits: ToolLimits): Promise<KubernetesObject[]> {
  const work = await mkdtemp(path.join(limits.tmpDir, 'flotilla-kustomize-'));
  try {
    let target = appDir;
    if (hasKustomizeOverrides(options)) {
      target = path.join(work, 'wrapper');
      await mkdir(target);
      await writeFile(path.join(target, 'kustomization.yaml'), wrapperKustomization(path.relative(target, appDir), options));
    }
    const output = await exec('Kustomize', command.file, command.args(target), work, limits, [appDir, work]);
    return parseManifestFile('kustomize output', output);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** `helm template` of the chart in `chartDir`; value files must stay inside the checkout. */
export async function runHelm(
  helmPath: string,
  chartDir: string,
  root: string,
  release: { name: string; namespace: string },
  options: HelmSourceOptions | undefined,
  limits: ToolLimits,
): Promise<KubernetesObject[]> {
  const work = await mkdtemp(path.join(limits.tmpDir, 'flotilla-helm-'));
  try {
    const args = ['template', release.name, chartDir, '--namespace', release.namespace];
    for (const file of options?.valueFiles ?? []) {
      const resolved = path.resolve(chartDir, file);
      if (!resolved.startsWith(`${root}${path.sep}`)) throw new RenderError('HelmFailed', `value file "${file}" is outside the repository`);
      args.push('--values', resolved);
    }
    if (options?.values) {
      await writeFile(path.join(work, 'values.yaml'), options.values);
      args.push('--values', path.join(work, 'values.yaml'));
    }
    for (const parameter of options?.parameters ?? []) args.push('--set', `${parameter.name}=${parameter.value}`);
    const output = await exec('Helm', helmPath, args, work, limits, [root, work]);
    return parseManifestFile('helm output', output);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function exec(tool: 'Kustomize' | 'Helm', file: string, args: string[], work: string, limits: ToolLimits, hidePaths: string[]): Promise<string> {
  // A minimal environment: no credentials of the hub, a private HOME and caches in the temp dir.
  const env: Record<string, string> = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: work, LANG: 'C', XDG_CACHE_HOME: work, XDG_CONFIG_HOME: work };
  if (!limits.allowRemote) {
    // Port 9 (discard) on loopback refuses at once; git (used for remote bases) gets only file://.
    Object.assign(env, { HTTPS_PROXY: 'http://127.0.0.1:9', HTTP_PROXY: 'http://127.0.0.1:9', NO_PROXY: '', GIT_ALLOW_PROTOCOL: 'file' });
  }
  try {
    return await boundedExec(file, args, { cwd: work, env, timeoutMs: limits.timeoutMs, maxOutputBytes: limits.maxOutputBytes });
  } catch (error) {
    if (!(error instanceof ExecFailure)) throw error;
    const kinds: Record<ExecFailure['reason'], RenderErrorKind> = {
      NotFound: tool === 'Kustomize' ? 'KustomizeNotFound' : 'HelmNotConfigured',
      Timeout: 'Timeout',
      TooLarge: 'TooLarge',
      ExitCode: `${tool}Failed`,
    };
    const detail = hidePaths.reduce((text, dir) => text.split(`${dir}/`).join('').split(dir).join('.'), error.stderr).trim().slice(0, MAX_STDERR);
    const summary = { NotFound: `${file} is not executable`, Timeout: `timed out after ${limits.timeoutMs} ms`, TooLarge: `output exceeded ${limits.maxOutputBytes} bytes`, ExitCode: 'failed' }[error.reason];
    throw new RenderError(kinds[error.reason], `${tool.toLowerCase()} ${summary}${detail ? `: ${detail}` : ''}`, {}, { cause: error });
  }
}
