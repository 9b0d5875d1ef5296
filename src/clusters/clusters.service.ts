import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { z } from 'zod';
import { Clock } from '../clock/clock';
import { conflict, notFound } from '../common/errors/domain-error';
import { parseSelectorParam } from '../common/http/selector-param';
import { parseWith } from '../common/http/zod-validation.pipe';
import { uniqueViolation } from '../database/pg-errors';
import { type ClusterFacts, FleetEvents } from '../events/fleet-events';
import type { ClusterEntity } from '../database/entities/cluster.entity';
import { resolveEndpoint, type ResolvedEndpoint } from './cluster-endpoint';
import { ClusterConnections } from './cluster-connections';
import { ClusterRepository } from '../repositories/cluster.repository';
import { annotationMap, labelMap, type ListClustersQuery, type PatchClusterRequest, type RegisterClusterRequest } from './cluster.schemas';
import { toClusterView, type ClusterView } from './cluster.view';
import { ConnectivityService } from './connectivity.service';
import { normalizeClusterName } from '../domain/cluster-name';
import { keyAfter, type Page, toPage, visibleRows } from '../common/http/pagination';

@Injectable()
export class ClustersService {
  constructor(
    private readonly clusters: ClusterRepository,
    private readonly connections: ClusterConnections,
    private readonly connectivity: ConnectivityService,
    private readonly events: FleetEvents,
    @Inject(Clock) private readonly clock: Clock,
  ) {}

  /** Registers a cluster; with `check`, refuses (422) unless the cluster answers with these credentials. */
  async register(request: RegisterClusterRequest, check: boolean): Promise<ClusterView> {
    const resolved = resolveEndpoint({ server: request.server, credentials: request.credentials, tls: request.tls ?? {} });
    await this.assertFree(request.name, resolved.endpoint.server);
    const id = randomUUID();
    const now = this.clock.now();
    const cluster: Partial<ClusterEntity> = {
      id,
      name: request.name,
      nameNormalized: normalizeClusterName(request.name),
      project: request.project ?? null,
      labels: request.labels ?? {},
      annotations: request.annotations ?? {},
      ...this.endpointColumns(id, resolved, now),
    };
    if (check) Object.assign(cluster, await this.connectivity.requireReachable(cluster as ClusterEntity));
    const saved = await this.insertUnique(cluster);
    this.events.emit({ kind: 'cluster', name: saved.name, before: null, after: factsOf(saved) });
    return toClusterView(saved);
  }

  async get(name: string): Promise<ClusterView> {
    return toClusterView(await this.require(name));
  }

  /** `visible` says, from a cluster's server URL, whether the caller may see it; none: every one. */
  async list(query: ListClustersQuery, visible?: (server: string) => boolean): Promise<Page<ClusterView>> {
    const selector = parseSelectorParam(query.selector);
    const start = keyAfter(query.cursor, 1)?.[0];
    const rows = await visibleRows<ClusterEntity>(
      query.limit,
      (after, count) => this.clusters.list(selector, count, after ? after.name : start),
      visible && ((chunk) => chunk.filter((row) => visible(row.server))),
    );
    return toPage(rows, query.limit, (row) => [row.name], toClusterView);
  }

  /** JSON merge patch; new credentials, server or TLS take effect on the next call to the cluster. */
  async patch(name: string, patch: PatchClusterRequest, check: boolean): Promise<ClusterView> {
    const cluster = await this.require(name);
    const before = factsOf(cluster);
    if (patch.labels) cluster.labels = parseWith(z.object({ labels: labelMap }), { labels: mergeMap(cluster.labels, patch.labels) }).labels;
    if (patch.annotations) {
      cluster.annotations = parseWith(z.object({ annotations: annotationMap }), { annotations: mergeMap(cluster.annotations, patch.annotations) }).annotations;
    }
    if (patch.project !== undefined) cluster.project = patch.project;
    if (patch.server !== undefined || patch.credentials !== undefined || patch.tls !== undefined) {
      const tls = {
        caData: pick(patch.tls?.caData, cluster.tlsCaData),
        serverName: pick(patch.tls?.serverName, cluster.tlsServerName),
        insecureSkipTLSVerify: pick(patch.tls?.insecureSkipTLSVerify, cluster.tlsInsecureSkipVerify || undefined),
      };
      const credentials = patch.credentials ?? this.currentCredentialsInput(cluster);
      const resolved = resolveEndpoint({ server: patch.server ?? (patch.credentials && 'kubeconfig' in patch.credentials ? undefined : cluster.server), credentials, tls });
      if (resolved.endpoint.server !== cluster.server) await this.assertServerFree(resolved.endpoint.server);
      const rotated = patch.credentials !== undefined;
      const keptType = cluster.credentialsType;
      Object.assign(cluster, this.endpointColumns(cluster.id, resolved, rotated ? this.clock.now() : cluster.credentialsUpdatedAt));
      // Re-resolving the stored credentials yields their inner form; the type shown stays what the user gave.
      if (!rotated) cluster.credentialsType = keptType;
    }
    if (check) Object.assign(cluster, await this.connectivity.requireReachable(cluster));
    const saved = await this.saveUnique(cluster);
    this.events.emit({ kind: 'cluster', name: saved.name, before, after: factsOf(saved) });
    return toClusterView(saved);
  }

  async delete(name: string): Promise<void> {
    const cluster = await this.require(name);
    if (!(await this.clusters.deleteByName(name))) throw notFound('Cluster', name);
    this.connectivity.forget(cluster);
    this.events.emit({ kind: 'cluster', name, before: factsOf(cluster), after: null });
  }

  async check(name: string): Promise<ClusterView> {
    const cluster = await this.require(name);
    await this.connectivity.checkAndRecord(cluster);
    return toClusterView(await this.require(name));
  }

  private async require(name: string): Promise<ClusterEntity> {
    const cluster = await this.clusters.findByName(name);
    if (!cluster) throw notFound('Cluster', name);
    return cluster;
  }

  private endpointColumns(id: string, resolved: ResolvedEndpoint, credentialsUpdatedAt: Date): Partial<ClusterEntity> {
    const { endpoint } = resolved;
    return {
      server: endpoint.server,
      credentialsType: resolved.credentialsType,
      ...this.connections.seal(id, endpoint.credentials),
      credentialsUpdatedAt,
      tlsCaData: endpoint.tls.caData ?? null,
      tlsServerName: endpoint.tls.serverName ?? null,
      tlsInsecureSkipVerify: endpoint.tls.insecureSkipTLSVerify ?? false,
    };
  }

  /** The stored credentials in request form, for a PATCH that changes only the server or TLS. */
  private currentCredentialsInput(cluster: ClusterEntity): RegisterClusterRequest['credentials'] {
    const credentials = this.connections.credentialsOf(cluster);
    return credentials.type === 'bearerToken'
      ? { bearerToken: credentials.bearerToken }
      : { clientCertificateData: credentials.clientCertificateData, clientKeyData: credentials.clientKeyData };
  }

  private async assertFree(name: string, server: string): Promise<void> {
    if (await this.clusters.findByName(name)) throw conflict(`A cluster named "${name}" already exists`, [{ field: 'name', reason: 'already exists' }]);
    await this.assertServerFree(server);
  }

  private async assertServerFree(server: string): Promise<void> {
    const holder = await this.clusters.findByServer(server);
    if (holder) throw conflict(`The server ${server} is already registered as "${holder.name}"`, [{ field: 'server', reason: 'already registered' }]);
  }

  // The unique indexes are the real guard; the look-ups above only give the friendlier message.
  private async insertUnique(cluster: Partial<ClusterEntity>): Promise<ClusterEntity> {
    try {
      return await this.clusters.insert(cluster);
    } catch (error) {
      throw translateUnique(error);
    }
  }

  private async saveUnique(cluster: ClusterEntity): Promise<ClusterEntity> {
    try {
      return await this.clusters.save(cluster);
    } catch (error) {
      throw translateUnique(error);
    }
  }
}

function translateUnique(error: unknown): unknown {
  const violation = uniqueViolation(error);
  if (!violation) return error;
  const field = violation.constraint === 'uq_clusters_server' ? 'server' : 'name';
  return conflict(`Another cluster already uses this ${field}`, [{ field, reason: 'already registered' }]);
}

function mergeMap(current: Record<string, string>, patch: Record<string, string | null>): Record<string, string> {
  const merged = { ...current };
  for (const [key, value] of Object.entries(patch)) {
    if (value === null) delete merged[key];
    else merged[key] = value;
  }
  return merged;
}

/** Merge-patch rule for one field: absent keeps, null clears, a value replaces. */
function pick<T>(patched: T | null | undefined, current: T | null | undefined): T | undefined {
  if (patched === null) return undefined;
  return patched ?? current ?? undefined;
}

/** A copy, so later edits of the entity do not change what the event said. */
function factsOf(cluster: ClusterEntity): ClusterFacts {
  return { name: cluster.name, server: cluster.server, labels: { ...cluster.labels } };
}
