import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { loadHubPolicy, type PolicyFileRead, readPolicyFile } from './hub-policy';

const MIB = 1024 * 1024;
const LINE = 'p, role:ci, projects, get, *, allow\n';

/** A valid policy file of exactly `bytes` bytes: one line, then a comment padding it out. */
function policyOf(bytes: number): string {
  const comment = `#${'x'.repeat(bytes - LINE.length - 2)}\n`;
  return `${LINE}${comment}`;
}

/** Reads a reload's way, without letting a read that blocks (a FIFO without a writer) hang the test. */
async function readWithin(file: string, ms: number): Promise<PolicyFileRead | 'still waiting'> {
  const read = readPolicyFile(file);
  const outcome = await Promise.race([read, new Promise<'still waiting'>((resolve) => setTimeout(() => resolve('still waiting'), ms))]);
  if (outcome === 'still waiting') {
    // Give the blocked open its writer, so the read ends and nothing is left behind.
    fs.closeSync(fs.openSync(file, fs.constants.O_WRONLY | fs.constants.O_NONBLOCK));
    await read;
  }
  return outcome;
}

describe('reading RBAC_POLICY_FILE', () => {
  let dir: string;
  let file: string;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-policy-file-'));
    file = path.join(dir, 'policy.csv');
  });

  afterEach(() => {
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('reads a file of exactly 1 MiB, at start-up and on a reload', async () => {
    fs.writeFileSync(file, policyOf(MIB));
    expect(fs.statSync(file).size).toBe(MIB);
    expect(loadHubPolicy({ matchMode: 'glob', policyFile: file }).rules).toHaveLength(1);
    const read = await readPolicyFile(file);
    expect('text' in read && Buffer.byteLength(read.text)).toBe(MIB);
  });

  it('refuses a file of 1 MiB and one byte, at start-up and on a reload, saying why', async () => {
    fs.writeFileSync(file, policyOf(MIB + 1));
    const tooLarge = `${file} is larger than 1 MiB (1048576 bytes, a ConfigMap's limit); it was not read further`;
    expect(() => loadHubPolicy({ matchMode: 'glob', policyFile: file })).toThrow(`RBAC_POLICY_FILE: ${tooLarge}`);
    await expect(readPolicyFile(file)).resolves.toEqual({ problem: tooLarge });
  });

  it('refuses what is not a regular file (a directory, a FIFO) without waiting for a writer, at start-up and on a reload', async () => {
    const notRegular = (target: string) => `${target} is not a regular file (a directory, a FIFO or a device cannot hold the policy)`;
    const fifo = path.join(dir, 'policy.fifo');
    execFileSync('mkfifo', [fifo]);
    await expect(readWithin(fifo, 2000)).resolves.toEqual({ problem: notRegular(fifo) });
    await expect(readPolicyFile(dir)).resolves.toEqual({ problem: notRegular(dir) });
    expect(() => loadHubPolicy({ matchMode: 'glob', policyFile: dir })).toThrow(notRegular(dir));
    // Synchronous: a FIFO opened for reading without O_NONBLOCK would stop the whole process here until a writer came.
    expect(() => loadHubPolicy({ matchMode: 'glob', policyFile: fifo })).toThrow(notRegular(fifo));
  });
});
