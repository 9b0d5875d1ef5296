import { chmod, mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EncryptionKeyError } from './encryption-key';
import { loadOrCreateKeyFile } from './key-file';

describe('loadOrCreateKeyFile', () => {
  let dir: string;

  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'flotilla-key-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('creates a 0600 key once and returns the same key afterwards', async () => {
    const path = join(dir, 'nested', 'encryption.key');
    const first = await loadOrCreateKeyFile(path);
    const second = await loadOrCreateKeyFile(path);

    expect(first.created).toBe(true);
    expect(second.created).toBe(false);
    expect(first.key.key).toHaveLength(32);
    expect(second.key.id).toBe(first.key.id);
    expect(second.key.key.equals(first.key.key)).toBe(true);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(first.readableByOthers).toBe(false);
    expect(await readdir(join(dir, 'nested'))).toEqual(['encryption.key']);
  });

  it('agrees on one key when many callers race to create it', async () => {
    const path = join(dir, 'encryption.key');
    const results = await Promise.all(Array.from({ length: 8 }, () => loadOrCreateKeyFile(path)));

    expect(results.filter((result) => result.created)).toHaveLength(1);
    expect(new Set(results.map((result) => result.key.key.toString('hex'))).size).toBe(1);
    expect(await readdir(dir)).toEqual(['encryption.key']);
  });

  const existing: { name: string; content: string; mode: number; expect: (r: Awaited<ReturnType<typeof loadOrCreateKeyFile>>) => void }[] = [
    {
      name: 'an operator-written id:key file',
      content: `ops-1:${'ab'.repeat(32)}\n`,
      mode: 0o600,
      expect: (result) => expect(result.key.id).toBe('ops-1'),
    },
    {
      name: 'a world-readable file (flagged, not refused)',
      content: Buffer.alloc(32, 3).toString('base64'),
      mode: 0o644,
      expect: (result) => expect(result.readableByOthers).toBe(true),
    },
  ];
  it.each(existing)('reads $name', async ({ content, mode, expect: check }) => {
    const path = join(dir, 'encryption.key');
    await writeFile(path, content);
    await chmod(path, mode);
    const result = await loadOrCreateKeyFile(path);
    expect(result.created).toBe(false);
    check(result);
  });

  it('refuses a corrupt key file without printing its content', async () => {
    const path = join(dir, 'encryption.key');
    await writeFile(path, 'not-a-key-but-maybe-a-secret', { mode: 0o600 });
    const attempt = loadOrCreateKeyFile(path);
    await expect(attempt).rejects.toBeInstanceOf(EncryptionKeyError);
    await expect(attempt).rejects.not.toThrow(/not-a-key-but-maybe-a-secret/);
  });
});
