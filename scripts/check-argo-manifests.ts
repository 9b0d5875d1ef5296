/**
 * npm run check:manifests -- <folder> — sends every ApplicationSet YAML file of a folder,
 * unchanged but for its remote URLs, to a hub's preview route and tallies how the hub understood it: accepted,
 * refused as unsupported, refused for another reason (by error code), or answered 5xx.
 *
 * Remote Git, Helm and provider URLs are pointed at a closed loopback port first, so nothing leaves the machine
 * (a Git generator then fails to reach its repository: the set is understood, its generator fails). A pullRequest or
 * scmProvider provider block without `api` (the provider's public API) gets one at that port too; a block that asks
 * for credentials fails closed before any call, since the check hub has no repository credentials registered. Each
 * plugin generator's `configMapRef.name` is registered as a generator plugin at the same closed port, so a plugin
 * generator fails the same way: understood, unreachable.
 * The hub runs in-process on the embedded database with three registered loopback clusters; in-cluster is enabled
 * without credentials, so a clusterDecisionResource generator fails saying its own cluster cannot be read.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { isMap, parseAllDocuments, type Document, type YAMLMap } from 'yaml';
import { bearer, startTestHub } from '../test/support/test-hub';

const CLOSED_PORT_BASE = 'http://127.0.0.1:9';
const UNSUPPORTED_CODES = new Set(['UnsupportedGenerator', 'GoTemplateUnsupported']);

/** Every http(s) URL that is not a Kubernetes API address is pointed at a closed loopback port (path kept). */
function loopbackUrls(text: string): string {
  return text.replace(/https?:\/\/([A-Za-z0-9.-]+)(:\d+)?/g, (url, host: string) =>
    host === 'kubernetes.default.svc' || host === '127.0.0.1' || host === 'localhost' ? url : `${CLOSED_PORT_BASE}/${host}`,
  );
}

/** The `configMapRef.name` of every plugin generator in a YAML text, at any depth of matrix and merge. */
function pluginNames(text: string): string[] {
  const names = new Set<string>();
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) return value.forEach(visit);
    if (value === null || typeof value !== 'object') return;
    const plugin = (value as { plugin?: { configMapRef?: { name?: unknown } } }).plugin;
    if (typeof plugin?.configMapRef?.name === 'string') names.add(plugin.configMapRef.name);
    Object.values(value).forEach(visit);
  };
  for (const document of parseAllDocuments(text)) visit(document.toJS());
  return [...names];
}

const SCM_GENERATORS = ['pullRequest', 'scmProvider'];
const SCM_PROVIDER_KEYS = ['github', 'gitlab', 'gitea', 'bitbucketServer', 'bitbucket', 'azuredevops', 'azureDevOps'];

/** Every pullRequest/scmProvider provider block without `api` (at any depth of matrix/merge) gets a closed-port one. */
function loopbackProviderApis(text: string): string {
  const documents = parseAllDocuments(text);
  if (!Array.isArray(documents) || documents.some((document) => document.errors.length > 0)) return text;
  let changed = false;
  const visit = (node: unknown): void => {
    if (Array.isArray((node as { items?: unknown }).items)) {
      for (const item of (node as { items: unknown[] }).items) visit((item as { value?: unknown }).value ?? item);
    }
    if (!isMap(node)) return;
    for (const generator of SCM_GENERATORS) {
      const block = node.get(generator);
      if (!isMap(block)) continue;
      for (const key of SCM_PROVIDER_KEYS) {
        const provider = block.get(key) as YAMLMap | undefined;
        if (isMap(provider) && !provider.has('api')) {
          provider.set('api', `${CLOSED_PORT_BASE}/${key}-public-api`);
          changed = true;
        }
      }
    }
  };
  for (const document of documents as Document[]) visit(document.contents);
  return changed ? documents.map((document) => document.toString()).join('---\n') : text;
}

interface Outcome {
  file: string;
  status: number;
  code: string;
  message: string;
}

async function main(): Promise<void> {
  const folder = process.argv[2];
  if (!folder || !fs.statSync(folder, { throwIfNoEntry: false })?.isDirectory()) {
    console.error('usage: npm run check:manifests -- <folder of YAML manifests>');
    process.exit(2);
  }
  const files = fs.readdirSync(folder).filter((name) => /\.ya?ml$/.test(name)).sort();
  const hub = await startTestHub({ env: { RECONCILE_INTERVAL_SECONDS: '86400', APPSET_RESYNC_SECONDS: '86400', IN_CLUSTER: 'true' } });
  const auth = bearer(hub.adminToken);
  try {
    const labels = [
      { env: 'staging', environment: 'staging', 'cluster-role': 'workload', enable_argocd: 'true' },
      { env: 'production', environment: 'production', 'cluster-role': 'workload' },
      { env: 'dev', environment: 'dev', 'cluster-role': 'control-plane' },
    ];
    for (const [index, clusterLabels] of labels.entries()) {
      await hub.http
        .post('/api/v1/clusters')
        .set(auth)
        .send({ name: `check-${clusterLabels.env}`, server: `https://127.0.0.1:${30000 + index}`, labels: clusterLabels, credentials: { bearerToken: 'unused' } })
        .expect(201);
    }
    const outcomes: Outcome[] = [];
    const registeredPlugins = new Set<string>();
    for (const file of files) {
      const text = loopbackProviderApis(loopbackUrls(fs.readFileSync(path.join(folder, file), 'utf8')));
      for (const name of pluginNames(text).filter((candidate) => !registeredPlugins.has(candidate))) {
        registeredPlugins.add(name);
        // A name the registry refuses (templated, not DNS-1123) stays unregistered: the generator then says so.
        await hub.http.post('/api/v1/generator-plugins').set(auth).send({ name, baseUrl: CLOSED_PORT_BASE, token: 'unused' });
      }
      const response = await hub.http.post('/api/v1/applicationsets/preview').set(auth).set('Content-Type', 'application/yaml').send(text);
      const body = response.body as { code?: string; message?: string; applications?: unknown[] };
      // An expansion failure answers `Unprocessable` with the engine's code first in the message.
      const engineCode = /^([A-Za-z]+): /.exec(body.message ?? '')?.[1];
      const code = response.status === 200 ? `${body.applications?.length ?? 0} applications` : (body.code === 'Unprocessable' && engineCode ? engineCode : (body.code ?? '?'));
      const message = response.status === 200 ? '' : (body.message ?? '').replace(/^[A-Za-z]+: /, '');
      outcomes.push({ file, status: response.status, code, message });
    }
    for (const outcome of outcomes) {
      console.log(`${String(outcome.status).padEnd(4)} ${outcome.file.slice(0, 70).padEnd(71)} ${outcome.code} ${outcome.message.slice(0, 160)}`);
    }
    const count = (predicate: (outcome: Outcome) => boolean) => outcomes.filter(predicate).length;
    const byCode = new Map<string, number>();
    for (const outcome of outcomes.filter((item) => item.status !== 200)) byCode.set(outcome.code, (byCode.get(outcome.code) ?? 0) + 1);
    console.log(
      `\n${outcomes.length} manifests: ${count((o) => o.status === 200)} accepted, ` +
        `${count((o) => UNSUPPORTED_CODES.has(o.code))} refused as unsupported, ${count((o) => o.status >= 500)} answered 5xx`,
    );
    for (const [code, n] of [...byCode].sort((a, b) => b[1] - a[1])) console.log(`  ${code}: ${n}`);
  } finally {
    await hub.close();
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
