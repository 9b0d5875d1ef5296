import { chmod, mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';

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
