import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'yaml';

/**
 * The example deployment repository shipped with the project (`examples/fleet-repo`): the one constant every
 * test, benchmark and script reads it through. Nothing in the suite may reach outside the checkout.
 */
export const EXAMPLE_FLEET_REPO = path.resolve(__dirname, '../../examples/fleet-repo');
export const EXAMPLE_PRODUCTION_OVERLAY = path.join(EXAMPLE_FLEET_REPO, 'apps/my-api/overlays/production');

/** The placeholders users replace when they copy the example, and tests replace with their own repo and clusters. */
export const EXAMPLE_REPO_URL = 'https://github.com/mycompany/k8s-deployments.git';
export const EXAMPLE_STAGING_SERVER = 'https://127.0.0.1:6443';
/** The hub's own cluster (Argo CD's in-cluster), where the example's plain Application deploys. */
export const EXAMPLE_IN_CLUSTER_SERVER = 'https://kubernetes.default.svc';

export interface ExampleRewrite {
  /** Replaces the example's repository URL (a local path or file:// URL in tests). */
  repoURL: string;
  /** Replaces the example's staging API server (a loopback test cluster). */
  stagingServer: string;
  /** Replaces the in-cluster server too (the plain Application's destination), when given. */
  inClusterServer?: string;
}

/** One file of the example with its placeholders rewritten, so a test never points the hub at them. */
export function exampleText(relative: string, rewrite: ExampleRewrite): string {
  const text = readFileSync(path.join(EXAMPLE_FLEET_REPO, relative), 'utf8').replaceAll(EXAMPLE_REPO_URL, rewrite.repoURL).replaceAll(EXAMPLE_STAGING_SERVER, rewrite.stagingServer);
  return rewrite.inClusterServer === undefined ? text : text.replaceAll(EXAMPLE_IN_CLUSTER_SERVER, rewrite.inClusterServer);
}

export function exampleManifest(relative: string, rewrite: ExampleRewrite): Record<string, unknown> {
  return parse(exampleText(relative, rewrite)) as Record<string, unknown>;
}

/** A temp directory holding a copy of the example (for tools that read a plain directory). */
export function copyExample(): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'flotilla-example-'));
  cpSync(EXAMPLE_FLEET_REPO, dir, { recursive: true });
  return dir;
}

/** The example fleet's clusters as the fleet specs register them (one staging, two production), and my-api's application on each. */
export const EXAMPLE_CLUSTERS = [
  { name: 'staging-eu', env: 'staging' },
  { name: 'prod-eu', env: 'production' },
  { name: 'prod-us', env: 'production' },
] as const;
export const EXAMPLE_APPS = EXAMPLE_CLUSTERS.map((cluster) => `my-api-${cluster.name}`);
