import * as fs from 'node:fs';
import type { AppConfig } from '../config/app-config';

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Argo CD's implicit local cluster exists when the hub runs inside Kubernetes, or when configured to. */
export function inClusterEnabled(config: AppConfig, tokenPath = SERVICE_ACCOUNT_TOKEN): boolean {
  if (config.applicationSets.inCluster !== 'auto') return config.applicationSets.inCluster === 'true';
  return fs.existsSync(tokenPath);
}
