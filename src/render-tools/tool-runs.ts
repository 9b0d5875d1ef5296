import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { boundedExec, ExecFailure } from './bounded-exec';
import { type HelmCheckouts, resolveValueFiles } from './helm-value-files';
import type { KustomizeCommand } from './kustomize-binary';
import { hasKustomizeOverrides, wrapperKustomization } from './kustomize-wrapper';
import type { HelmSourceOptions, KustomizeSourceOptions } from './tool-options';
import { ToolRunError } from './tool-run-error';

export interface ToolLimits {
  readonly tmpDir: string;
  readonly timeoutMs: number;
  readonly maxOutputBytes: number;
  /** Keep remote bases and chart repositories unreachable: their downloads could not be bounded. */
  readonly allowRemote: boolean;
}

const MAX_STDERR = 4096;

/** `kustomize build` of `appDir` (through a wrapper kustomization in a temp dir when options are set): the YAML it prints. */
export async function runKustomize(command: KustomizeCommand, appDir: string, options: KustomizeSourceOptions | undefined, limits: ToolLimits): Promise<string> {
  const work = await mkdtemp(path.join(limits.tmpDir, 'flotilla-kustomize-'));
  try {
    let target = appDir;
    if (hasKustomizeOverrides(options)) {
      target = path.join(work, 'wrapper');
      await mkdir(target);
      await writeFile(path.join(target, 'kustomization.yaml'), wrapperKustomization(path.relative(target, appDir), options));
    }
    return await exec('kustomize', command.file, command.args(target), work, limits, [appDir, work]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

/** `helm template` of the chart in `checkouts.chartDir` (value files must stay inside their checkouts): the YAML it prints. */
export async function runHelm(
  helmPath: string,
  checkouts: HelmCheckouts,
  release: { name: string; namespace: string },
  options: HelmSourceOptions | undefined,
  limits: ToolLimits,
): Promise<string> {
  const work = await mkdtemp(path.join(limits.tmpDir, 'flotilla-helm-'));
  try {
    const args = ['template', release.name, checkouts.chartDir, '--namespace', release.namespace];
    for (const file of await resolveValueFiles(options?.valueFiles ?? [], checkouts)) args.push('--values', file);
    if (options?.values) {
      await writeFile(path.join(work, 'values.yaml'), options.values);
      args.push('--values', path.join(work, 'values.yaml'));
    }
    for (const parameter of options?.parameters ?? []) args.push('--set', `${parameter.name}=${parameter.value}`);
    return await exec('helm', helmPath, args, work, limits, [checkouts.root, ...(checkouts.refRoots?.values() ?? []), work]);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

async function exec(tool: 'kustomize' | 'helm', file: string, args: string[], work: string, limits: ToolLimits, hidePaths: string[]): Promise<string> {
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
    // Temp paths say nothing to the user and would differ on every run: they are shown relative to the checkout.
    const detail = hidePaths.reduce((text, dir) => text.split(`${dir}/`).join('').split(dir).join('.'), error.stderr).trim().slice(0, MAX_STDERR);
    const summary = { NotFound: `${file} is not executable`, Timeout: `timed out after ${limits.timeoutMs} ms`, TooLarge: `output exceeded ${limits.maxOutputBytes} bytes`, ExitCode: 'failed' }[error.reason];
    const failure = error.reason === 'ExitCode' ? 'Failed' : error.reason;
    throw new ToolRunError(tool, failure, `${tool} ${summary}${detail ? `: ${detail}` : ''}`, { cause: error });
  }
}
