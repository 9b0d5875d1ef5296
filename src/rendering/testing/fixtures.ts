import { chmod, cp, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

export const SEED_FLEET_REPO = '/work/shared/fixtures/seed-fleet-repo';

/** A temp directory holding a copy of the seed fleet repository. */
export async function copySeedRepo(): Promise<string> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'flotilla-seed-'));
  await cp(SEED_FLEET_REPO, dir, { recursive: true });
  return dir;
}

/** Writes `files` (path → content) under `dir`, creating directories. */
export async function writeTree(dir: string, files: Record<string, string>): Promise<void> {
  for (const [file, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, file)), { recursive: true });
    await writeFile(path.join(dir, file), content);
  }
}

/** An executable shell script standing in for a tool (kustomize, helm) in error-path tests. */
export async function fakeTool(dir: string, name: string, body: string): Promise<string> {
  const file = path.join(dir, name);
  await writeFile(file, `#!/bin/sh\n${body}\n`);
  await chmod(file, 0o755);
  return file;
}

export const configMap = (name: string) => `apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: ${name}\n`;
