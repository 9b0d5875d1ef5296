import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const OPENSSL = '/usr/bin/openssl';
const EC_KEY = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];

export interface KeyPair {
  readonly cert: string;
  readonly key: string;
}

/** Throw-away certificates for spec servers, made by the openssl CLI in a temp dir that is always removed. */
export interface TestPki {
  readonly ca: KeyPair;
  readonly server: KeyPair;
  readonly otherCa: KeyPair;
  readonly clientCa: KeyPair;
  readonly client: KeyPair;
  /** A client certificate from a CA the server does not trust. */
  readonly foreignClient: KeyPair;
}

export async function createTestPki(): Promise<TestPki> {
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-pki-'));
  try {
    const ca = await newCa(dir, 'ca');
    const otherCa = await newCa(dir, 'other-ca');
    const clientCa = await newCa(dir, 'client-ca');
    return {
      ca,
      otherCa,
      clientCa,
      server: await issue(dir, 'ca', 'server', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n'),
      client: await issue(dir, 'client-ca', 'client', '/O=system:masters/CN=flotilla', 'extendedKeyUsage=clientAuth\n'),
      foreignClient: await issue(dir, 'other-ca', 'foreign', '/CN=intruder', 'extendedKeyUsage=clientAuth\n'),
    };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** Runs openssl with the given arguments in a fresh temp dir and returns the named output files. */
export async function opensslOutputs(args: string[][], outputs: string[]): Promise<string[]> {
  const dir = await mkdtemp(join(tmpdir(), 'flotilla-openssl-'));
  try {
    for (const step of args) {
      await run(OPENSSL, step, { cwd: dir });
    }
    return await Promise.all(outputs.map((name) => readFile(join(dir, name), 'utf8')));
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

async function newCa(dir: string, name: string): Promise<KeyPair> {
  await run(OPENSSL, ['req', '-x509', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${name}`], { cwd: dir });
  return read(dir, name);
}

async function issue(dir: string, caName: string, name: string, subject: string, extensions: string): Promise<KeyPair> {
  await writeFile(join(dir, `${name}.ext`), extensions);
  await run(OPENSSL, ['req', ...EC_KEY, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', subject], { cwd: dir });
  await run(
    OPENSSL,
    ['x509', '-req', '-in', `${name}.csr`, '-CA', `${caName}.crt`, '-CAkey', `${caName}.key`, '-set_serial', String(Date.now()), '-days', '2', '-extfile', `${name}.ext`, '-out', `${name}.crt`],
    { cwd: dir },
  );
  return read(dir, name);
}

async function read(dir: string, name: string): Promise<KeyPair> {
  const [cert, key] = await Promise.all([readFile(join(dir, `${name}.crt`), 'utf8'), readFile(join(dir, `${name}.key`), 'utf8')]);
  return { cert, key };
}
