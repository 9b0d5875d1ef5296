import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { Clock } from '../clock/clock';
import { conflict, DomainError, notFound } from '../common/errors/domain-error';
import { CredentialDecryptError } from '../crypto';
import type { GeneratorPluginEntity } from '../database/entities/generator-plugin.entity';
import { uniqueViolation } from '../database/pg-errors';
import { GeneratorPluginRepository } from '../repositories/generator-plugin.repository';
import { CredentialVault } from '../secrets/credential-vault';
import { DEFAULT_REQUEST_TIMEOUT_SECONDS, type RegisterGeneratorPluginRequest, type ReplaceGeneratorPluginRequest } from './generator-plugin.schemas';

export interface GeneratorPluginView {
  name: string;
  baseUrl: string;
  requestTimeoutSeconds: number;
  token: { set: true; updatedAt: string };
  createdAt: string;
  updatedAt: string;
}

/** What a call to a plugin needs: its address, its token (opened), and how long to wait. */
export interface GeneratorPluginEndpoint {
  name: string;
  baseUrl: string;
  token: string;
  requestTimeoutSeconds: number;
}

/** A plugin name a generator asked for is not registered, or its token no key opens: the generator fails with it. */
export class GeneratorPluginUnavailable extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeneratorPluginUnavailable';
  }
}

interface SealedToken {
  keyId: string;
  ciphertext: string;
}

/** Generator plugins registered by name: the token is write-only through the API and sealed at rest. */
@Injectable()
export class GeneratorPluginsService {
  constructor(
    private readonly plugins: GeneratorPluginRepository,
    private readonly vault: CredentialVault,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  async register(request: RegisterGeneratorPluginRequest): Promise<GeneratorPluginView> {
    const id = randomUUID();
    const sealed = this.seal(id, request.token);
    try {
      const row = await this.plugins.insert({
        id,
        name: request.name,
        baseUrl: request.baseUrl,
        requestTimeoutSeconds: request.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS,
        tokenKeyId: sealed.keyId,
        tokenCiphertext: sealed.ciphertext,
        tokenUpdatedAt: this.clock.now(),
      });
      return toView(row);
    } catch (error) {
      if (uniqueViolation(error)) throw conflict(`Generator plugin "${request.name}" is already registered`, [{ field: 'name', reason: 'already registered' }]);
      throw error;
    }
  }

  /** Replaces the address and timeout; the token only when a new one is sent (the API never shows it back). */
  async replace(name: string, request: ReplaceGeneratorPluginRequest): Promise<GeneratorPluginView> {
    if (request.name !== undefined && request.name !== name) {
      throw new DomainError('ValidationFailed', `The body names "${request.name}", the path "${name}"`, [{ field: 'name', reason: 'must be the name in the path' }]);
    }
    const current = await this.require(name);
    const sealed = request.token === undefined ? undefined : this.seal(current.id, request.token);
    const updated = await this.plugins.update(name, {
      baseUrl: request.baseUrl,
      requestTimeoutSeconds: request.requestTimeoutSeconds ?? DEFAULT_REQUEST_TIMEOUT_SECONDS,
      ...(sealed ? { tokenKeyId: sealed.keyId, tokenCiphertext: sealed.ciphertext, tokenUpdatedAt: this.clock.now() } : {}),
    });
    if (!updated) throw notFound('Generator plugin', name);
    return toView(updated);
  }

  async list(): Promise<{ items: GeneratorPluginView[] }> {
    return { items: (await this.plugins.list()).map(toView) };
  }

  async get(name: string): Promise<GeneratorPluginView> {
    return toView(await this.require(name));
  }

  async delete(name: string): Promise<void> {
    if (!(await this.plugins.deleteByName(name))) throw notFound('Generator plugin', name);
  }

  /** The plugin a generator names, token opened. Throws `GeneratorPluginUnavailable` with a message safe to show. */
  async endpointFor(name: string): Promise<GeneratorPluginEndpoint> {
    const row = await this.plugins.findByName(name);
    if (!row) throw new GeneratorPluginUnavailable('not registered (POST /api/v1/generator-plugins)');
    let token: string;
    try {
      token = (this.vault.open('generator-plugin', row.id, { keyId: row.tokenKeyId, ciphertext: row.tokenCiphertext }) as { token: string }).token;
    } catch (error) {
      if (!(error instanceof CredentialDecryptError)) throw error;
      throw new GeneratorPluginUnavailable(`token unreadable: ${error.message}; register the token again`);
    }
    return { name: row.name, baseUrl: row.baseUrl, token, requestTimeoutSeconds: row.requestTimeoutSeconds };
  }

  private seal(id: string, token: string): SealedToken {
    return this.vault.seal('generator-plugin', id, { token });
  }

  private async require(name: string): Promise<GeneratorPluginEntity> {
    const row = await this.plugins.findByName(name);
    if (!row) throw notFound('Generator plugin', name);
    return row;
  }
}

function toView(row: GeneratorPluginEntity): GeneratorPluginView {
  return {
    name: row.name,
    baseUrl: row.baseUrl,
    requestTimeoutSeconds: row.requestTimeoutSeconds,
    token: { set: true, updatedAt: row.tokenUpdatedAt.toISOString() },
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
