import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { parseAllDocuments, stringify } from 'yaml';
import { defaultKustomizeCandidates, findKustomize } from '../../src/render-tools/kustomize-binary';
import type { KubeApiServer } from '../support/kube-api';
import { call, type CallResult } from '../kube-api/http';

/** The loose shape of a rendered object: tests read it by path and assert what they need. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type K8sObject = { apiVersion: string; kind: string; metadata: { name: string; namespace?: string; labels?: Record<string, string> }; spec?: any; [key: string]: any };

export const DEPLOY_DIR = path.resolve(__dirname, '../../deploy');

/** Builds a kustomization with the kustomize the hub itself would use (KUSTOMIZE_PATH unset). */
export async function kustomizeBuild(dir: string): Promise<K8sObject[]> {
  const kustomize = await findKustomize(defaultKustomizeCandidates());
  if (!kustomize) throw new Error('no kustomize found (kustomize or kubectl on PATH, or the bundled binary)');
  const { stdout } = await promisify(execFile)(kustomize.file, kustomize.args(dir), { maxBuffer: 16 * 1024 * 1024 });
  return parseAllDocuments(stdout)
    .map((doc) => doc.toJS() as K8sObject | null)
    .filter((obj): obj is K8sObject => obj !== null);
}

/**
 * A user's own overlay, as the README shows it: in a scratch directory, reaching deploy/ by relative paths
 * (kustomize refuses absolute ones). Returns the directory; the caller removes it.
 */
export function userOverlay(kustomization: (deployDir: string) => object, files: Record<string, object> = {}): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-overlay-'));
  fs.writeFileSync(path.join(dir, 'kustomization.yaml'), stringify(kustomization(path.relative(dir, DEPLOY_DIR))));
  for (const [name, content] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), stringify(content));
  return dir;
}

export function only(objects: K8sObject[], kind: string, name?: string): K8sObject {
  const found = objects.filter((obj) => obj.kind === kind && (name === undefined || obj.metadata.name === name));
  if (found.length !== 1) throw new Error(`expected one ${kind}${name ? ` ${name}` : ''}, found ${found.length}`);
  return found[0];
}

interface ApiResource {
  name: string;
  kind: string;
  namespaced: boolean;
}

/** The object's REST path, found through discovery as a client does (the plural and scope are the server's). */
async function objectPath(server: KubeApiServer, obj: K8sObject): Promise<string> {
  const base = obj.apiVersion.includes('/') ? `/apis/${obj.apiVersion}` : `/api/${obj.apiVersion}`;
  const list = (await call(server, base)).json as { resources?: ApiResource[] } | undefined;
  const resource = list?.resources?.find((r) => r.kind === obj.kind && !r.name.includes('/'));
  if (!resource) throw new Error(`${obj.apiVersion} ${obj.kind} is not served`);
  const scope = resource.namespaced ? `/namespaces/${obj.metadata.namespace ?? 'default'}` : '';
  return `${base}${scope}/${resource.name}/${encodeURIComponent(obj.metadata.name)}`;
}

/** Server-side apply, as `kubectl apply --server-side` and the hub send it (strict field validation). */
export async function applyServerSide(server: KubeApiServer, obj: K8sObject): Promise<CallResult> {
  const query = 'fieldManager=flotilla-deploy-test&force=true&fieldValidation=Strict';
  return call(server, `${await objectPath(server, obj)}?${query}`, { method: 'PATCH', contentType: 'application/apply-patch+yaml', rawBody: stringify(obj) });
}

export async function readBack(server: KubeApiServer, obj: K8sObject): Promise<CallResult> {
  return call(server, await objectPath(server, obj));
}
