import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import type { AppConfig } from '../config/app-config';
import type { MatchMode } from './pattern-match';
import type { PolicyRule } from './policy-rules';
import { describeProblems, parsePolicyText } from './policy-validation';
import { BUILTIN_ROLES } from './vocabulary';

/** The settings the hub-wide policy is read from. */
export type HubPolicySettings = Pick<AppConfig['access'], 'policyCsv' | 'policyFile' | 'defaultRole' | 'matchMode'>;

/** The hub-wide policy: argocd-rbac-cm's `policy.csv`, `policy.default` and `policy.matchMode`. */
export interface HubPolicy {
  rules: PolicyRule[];
  defaultRole?: string;
  matchMode: MatchMode;
  /** The SHA-256 of the RBAC_POLICY_FILE text this policy was built from; undefined without a file. */
  fileDigest?: string;
}

/** RBAC_POLICY_FILE as read once: its text and the SHA-256 of its bytes, or why it could not be read. */
export type PolicyFileRead = { text: string; digest: string } | { problem: string };

/** Kubernetes' own limit for a ConfigMap, where the file usually comes from; far beyond any real policy. */
const MAX_POLICY_FILE_BYTES = 1024 * 1024;

/** The hub refuses to start on a policy it cannot use; the message lists every problem, one per line. */
export class AccessPolicyError extends Error {
  constructor(readonly violations: string[]) {
    super(`Invalid access policy:\n  - ${violations.join('\n  - ')}`);
  }
}

/**
 * Reads and checks the hub-wide policy (RBAC_POLICY_CSV, then RBAC_POLICY_FILE: both may be given) and the default
 * role, reporting every problem at once. A default role must be a built-in role or a subject the policy names,
 * since a misspelt one would silently give nobody anything. `file` is the file as already read (a reload); without
 * it the file is read here (start-up).
 */
export function loadHubPolicy(settings: HubPolicySettings, file: PolicyFileRead | undefined = readPolicyFileOnce(settings.policyFile)): HubPolicy {
  const violations: string[] = [];
  const rules: PolicyRule[] = [];
  const read = (source: string, text: string) => {
    const parsed = parsePolicyText(text, settings.matchMode);
    rules.push(...parsed.rules);
    violations.push(...describeProblems(source, parsed.problems));
  };
  if (settings.policyCsv !== undefined) read('RBAC_POLICY_CSV', settings.policyCsv);
  if (settings.policyFile !== undefined && file !== undefined) {
    if ('problem' in file) violations.push(`RBAC_POLICY_FILE: ${file.problem}`);
    else read(`RBAC_POLICY_FILE ${settings.policyFile}`, file.text);
  }
  const defaultRole = settings.defaultRole;
  if (defaultRole !== undefined && !isKnownSubject(defaultRole, rules)) {
    violations.push(`RBAC_POLICY_DEFAULT: "${defaultRole}" is neither a built-in role (${Object.values(BUILTIN_ROLES).join(', ')}) nor a subject of the policy`);
  }
  if (violations.length > 0) throw new AccessPolicyError(violations);
  return { rules, defaultRole, matchMode: settings.matchMode, fileDigest: file !== undefined && 'digest' in file ? file.digest : undefined };
}

/**
 * Opened without blocking: a FIFO would otherwise wait for a writer (at start-up, the whole process would); with
 * O_NONBLOCK it opens at once and is then refused as not a regular file. No effect on a regular file.
 */
const OPEN_FLAGS = fs.constants.O_RDONLY | (fs.constants.O_NONBLOCK ?? 0);

/**
 * Start-up's read: synchronous, before the hub listens. Like a reload's: the file is opened once, the handle (not
 * the path, which may be swapped in between) must be a regular file, and at most 1 MiB + 1 byte is read, whatever
 * its size was when it was opened, so a file that grows while it is read is refused rather than read without bound.
 */
function readPolicyFileOnce(file: string | undefined): PolicyFileRead | undefined {
  if (file === undefined) return undefined;
  let fd: number | undefined;
  try {
    fd = fs.openSync(file, OPEN_FLAGS);
    if (!fs.fstatSync(fd).isFile()) return notRegularFile(file);
    const buffer = Buffer.alloc(MAX_POLICY_FILE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const read = fs.readSync(fd, buffer, length, buffer.length - length, length);
      if (read === 0) break;
      length += read;
    }
    return bounded(file, buffer.subarray(0, length));
  } catch (error) {
    return unreadable(file, error);
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

/** A reload's read: the file as it is now, bounded as at start-up, never thrown on. */
export async function readPolicyFile(file: string): Promise<PolicyFileRead> {
  let handle: fs.promises.FileHandle | undefined;
  try {
    handle = await fs.promises.open(file, OPEN_FLAGS);
    if (!(await handle.stat()).isFile()) return notRegularFile(file);
    const buffer = Buffer.alloc(MAX_POLICY_FILE_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return bounded(file, buffer.subarray(0, length));
  } catch (error) {
    return unreadable(file, error);
  } finally {
    await handle?.close().catch(() => undefined);
  }
}

/** The bytes read, or the size problem when there were more than the limit (one byte more is all that is read). */
function bounded(file: string, bytes: Buffer): PolicyFileRead {
  if (bytes.length > MAX_POLICY_FILE_BYTES) return tooLarge(file);
  return { text: bytes.toString('utf8'), digest: createHash('sha256').update(bytes).digest('hex') };
}

function tooLarge(file: string): PolicyFileRead {
  return { problem: `${file} is larger than ${MAX_POLICY_FILE_BYTES / 1024 / 1024} MiB (${MAX_POLICY_FILE_BYTES} bytes, a ConfigMap's limit); it was not read further` };
}

function notRegularFile(file: string): PolicyFileRead {
  return { problem: `${file} is not a regular file (a directory, a FIFO or a device cannot hold the policy)` };
}

function unreadable(file: string, error: unknown): PolicyFileRead {
  return { problem: `cannot read ${file} (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})` };
}

function isKnownSubject(subject: string, rules: readonly PolicyRule[]): boolean {
  if ((Object.values(BUILTIN_ROLES) as string[]).includes(subject)) return true;
  return rules.some((rule) => rule.subject === subject || (rule.kind === 'g' && rule.role === subject));
}
