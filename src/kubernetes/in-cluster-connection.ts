import * as fs from 'node:fs';
import { Inject, Injectable } from '@nestjs/common';
import { inClusterEnabled } from './in-cluster';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import type { ClusterConnection } from './cluster-connection';
import { parseKubeconfig } from './kubeconfig';

const SERVICE_ACCOUNT_DIR = '/var/run/secrets/kubernetes.io/serviceaccount';
export const IN_CLUSTER_ID = 'in-cluster';

/**
 * How the hub reaches its own cluster (Argo CD's `in-cluster`): the pod's service account, or a kubeconfig file
 * when configured. Files are read on every use, so a rotated service-account token is picked up at once.
 */
@Injectable()
export class InClusterConnection {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  connection(): ClusterConnection | undefined {
    if (!inClusterEnabled(this.config)) return undefined;
    const kubeconfigFile = this.config.applicationSets.inClusterKubeconfig;
    if (kubeconfigFile) {
      const parsed = parseKubeconfig(fs.readFileSync(kubeconfigFile, 'utf8'));
      return { id: IN_CLUSTER_ID, name: IN_CLUSTER_ID, server: parsed.server, tls: parsed.tls, credentials: parsed.credentials, credentialsVersion: String(fs.statSync(kubeconfigFile).mtimeMs) };
    }
    const tokenFile = `${SERVICE_ACCOUNT_DIR}/token`;
    if (!fs.existsSync(tokenFile)) return undefined;
    return {
      id: IN_CLUSTER_ID,
      name: IN_CLUSTER_ID,
      server: 'https://kubernetes.default.svc',
      tls: { caData: fs.readFileSync(`${SERVICE_ACCOUNT_DIR}/ca.crt`, 'utf8') },
      credentials: { type: 'bearerToken', bearerToken: fs.readFileSync(tokenFile, 'utf8').trim() },
      credentialsVersion: String(fs.statSync(tokenFile).mtimeMs),
    };
  }
}
