import { randomBytes } from 'node:crypto';
import { link, mkdir, readFile, stat, unlink, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { EncryptionKeyError, KEY_BYTES, parseKeyEntry, type EncryptionKey } from './encryption-key';

export interface LoadedKeyFile {
  readonly key: EncryptionKey;
  /** True when this call generated the key. */
  readonly created: boolean;
  /** True when group or others may read the file; the caller decides whether to warn or refuse. */
  readonly readableByOthers: boolean;
}

const KEY_FILE_MODE = 0o600;

/**
 * The embedded default when no key is configured: generate a key once, then keep reading it.
 * The key is written to a private temp file and hard-linked into place; link() fails if the
 * target exists, so two processes starting together agree on one key and nobody reads a half-written file.
 */
export async function loadOrCreateKeyFile(path: string): Promise<LoadedKeyFile> {
  const existing = await readKeyFile(path);
  if (existing !== undefined) {
    return existing;
  }
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  const temp = join(dirname(path), `.flotilla-key-${process.pid}-${randomBytes(6).toString('hex')}`);
  try {
    await writeFile(temp, `${randomBytes(KEY_BYTES).toString('base64')}\n`, { mode: KEY_FILE_MODE, flag: 'wx' });
    await link(temp, path);
    const created = await readKeyFile(path);
    if (created === undefined) {
      throw new EncryptionKeyError(`key file ${path} vanished right after it was created`);
    }
    return { ...created, created: true };
  } catch (error) {
    if (isErrno(error, 'EEXIST')) {
      const winner = await readKeyFile(path);
      if (winner !== undefined) {
        return winner;
      }
    }
    throw error;
  } finally {
    await unlink(temp).catch(() => undefined);
  }
}

async function readKeyFile(path: string): Promise<LoadedKeyFile | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if (isErrno(error, 'ENOENT')) {
      return undefined;
    }
    throw error;
  }
  let key: EncryptionKey;
  try {
    key = parseKeyEntry(text);
  } catch (error) {
    const reason = error instanceof EncryptionKeyError ? error.message : 'unreadable';
    throw new EncryptionKeyError(`key file ${path} is invalid: ${reason}`);
  }
  const { mode } = await stat(path);
  return { key, created: false, readableByOthers: (mode & 0o077) !== 0 };
}

function isErrno(error: unknown, code: string): boolean {
  return error instanceof Error && (error as NodeJS.ErrnoException).code === code;
}
