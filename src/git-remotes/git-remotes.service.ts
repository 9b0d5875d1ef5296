import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { CredentialDecryptError } from '../crypto';
import { CredentialVault } from '../secrets/credential-vault';
import { uniqueViolation } from '../database/pg-errors';
import { GitError, type GitCredentials, maskRepoUrl, parseRepoUrl, repoUrlHasPassword, type RepoLocation } from '../git';
import type { GitRemoteEntity, GitRemoteCredentialsType } from '../database/entities/git-remote.entity';
import { GitRemoteRepository } from '../repositories/git-remote.repository';
import type { RegisterGitRemoteRequest } from './git-remote.schemas';

export interface GitRemoteView {
  id: string;
  url: string;
  normalizedUrl: string;
  credentials: { type: GitRemoteCredentialsType; updatedAt: string };
  createdAt: string;
}

/** Git repository credentials: write-only through the API, sealed at rest, bound to their repository's host. */
@Injectable()
export class GitRemotesService {
  constructor(
    private readonly repositories: GitRemoteRepository,
    private readonly vault: CredentialVault,
  ) {}

  async register(request: RegisterGitRemoteRequest): Promise<GitRemoteView> {
    refuseEmbeddedPassword(request.url);
    const location = locate(request.url);
    const credentials = credentialsOf(request);
    if (credentials && credentials.kind !== location.kind) {
      throw new DomainError('ValidationFailed', `${credentials.kind} credentials do not fit a ${location.kind} URL`, [
        { field: 'url', reason: `is a ${location.kind} URL; ${credentials.kind} credentials cannot be used with it` },
      ]);
    }
    const id = randomUUID();
    const sealed = credentials ? this.vault.seal('repository', id, credentials) : undefined;
    try {
      const row = await this.repositories.insert({
        id,
        url: request.url.trim(),
        normalizedUrl: location.normalized,
        credentialsType: credentials?.kind ?? 'none',
        credentialsKeyId: sealed?.keyId ?? null,
        credentialsCiphertext: sealed?.ciphertext ?? null,
      });
      return toView(row);
    } catch (error) {
      if (uniqueViolation(error)) throw conflict(`Repository ${location.normalized} is already registered`, [{ field: 'url', reason: 'already registered' }]);
      throw error;
    }
  }

  async list(): Promise<{ items: GitRemoteView[] }> {
    return { items: (await this.repositories.list()).map(toView) };
  }

  async get(id: string): Promise<GitRemoteView> {
    return toView(await this.require(id));
  }

  async delete(id: string): Promise<void> {
    if (!(await this.repositories.deleteById(id))) throw notFound('Repository', id);
  }

  /** The credentials to read `url` with, if any are registered for that repository (never for another host). */
  async credentialsFor(url: string): Promise<GitCredentials | undefined> {
    return this.opened(await this.repositories.findByNormalizedUrl(locate(url).normalized));
  }

  /**
   * Every registered repository, read now; a repository's credentials are opened each time they are asked for and
   * never kept. For readings a replica keeps while nothing it read has changed (`ReconcileConfig`).
   */
  async credentialsReader(): Promise<(url: string) => Promise<GitCredentials | undefined>> {
    const byUrl = new Map((await this.repositories.list()).map((row) => [row.normalizedUrl, row]));
    return async (url) => this.opened(byUrl.get(locate(url).normalized));
  }

  private opened(row: GitRemoteEntity | null | undefined): GitCredentials | undefined {
    if (!row?.credentialsCiphertext || !row.credentialsKeyId) return undefined;
    try {
      return this.vault.open('repository', row.id, { keyId: row.credentialsKeyId, ciphertext: row.credentialsCiphertext }) as GitCredentials;
    } catch (error) {
      if (!(error instanceof CredentialDecryptError)) throw error;
      // Like a cluster's: a status on the applications that read this repository, never a failed request.
      throw new GitError('AuthFailed', `CredentialsUnreadable: repository ${row.normalizedUrl}: ${error.message}; register its credentials again`);
    }
  }

  /**
   * The HTTPS credentials of the registered repository whose URL is `url` or the longest prefix of it ending at a
   * path segment (as Argo CD's repo-creds templates match by prefix): what SCM provider APIs are called with. SSH keys
   * never count. `registeredUrl` is the normalized URL of the repository that matched (no secret in it).
   */
  async httpsCredentialsByPrefix(url: string): Promise<{ registeredUrl: string; username: string; password: string } | undefined> {
    const wanted = locate(url).normalized;
    const matching = (await this.repositories.list())
      .filter((row) => row.credentialsType === 'https' && (wanted === row.normalizedUrl || wanted.startsWith(`${row.normalizedUrl.replace(/\/+$/, '')}/`)))
      .sort((a, b) => b.normalizedUrl.length - a.normalizedUrl.length);
    const [row] = matching;
    if (!row) return undefined;
    const credentials = await this.credentialsFor(row.url);
    if (credentials?.kind !== 'https') return undefined;
    return { registeredUrl: row.normalizedUrl, username: credentials.username, password: credentials.password };
  }

  /**
   * credentialsFor, reading each repository once: for one pass over many applications that share a few
   * repositories. Drop it with the pass, so a rotation is seen by the next one.
   */
  credentialsOncePerRepository(): (url: string) => Promise<GitCredentials | undefined> {
    const found = new Map<string, Promise<GitCredentials | undefined>>();
    return (url) => {
      if (!found.has(url)) found.set(url, this.credentialsFor(url));
      return found.get(url)!;
    };
  }

  private async require(id: string): Promise<GitRemoteEntity> {
    const row = await this.repositories.findById(id);
    if (!row) throw notFound('Repository', id);
    return row;
  }
}

// A password inside the URL would be stored, listed and logged as the URL: it belongs in the sealed fields.
function refuseEmbeddedPassword(url: string): void {
  if (!repoUrlHasPassword(url)) return;
  throw new DomainError('Unprocessable', `Repository URL ${maskRepoUrl(url)} embeds a password`, [
    { field: 'url', reason: 'must not embed a password; send it as "password" or "token" instead' },
  ]);
}

function locate(url: string): RepoLocation {
  try {
    return parseRepoUrl(url, true);
  } catch (error) {
    if (!(error instanceof GitError)) throw error;
    throw new DomainError('ValidationFailed', `Invalid repository URL: ${error.message}`, [{ field: 'url', reason: error.message }]);
  }
}

function credentialsOf(request: RegisterGitRemoteRequest): GitCredentials | undefined {
  if (request.sshPrivateKey !== undefined) return { kind: 'ssh', privateKey: request.sshPrivateKey, knownHosts: request.knownHosts ?? '' };
  const password = request.password ?? request.token;
  if (password !== undefined) return { kind: 'https', username: request.username ?? 'git', password };
  return undefined;
}

function toView(row: GitRemoteEntity): GitRemoteView {
  return {
    id: row.id,
    url: row.url,
    normalizedUrl: row.normalizedUrl,
    credentials: { type: row.credentialsType, updatedAt: row.updatedAt.toISOString() },
    createdAt: row.createdAt.toISOString(),
  };
}
