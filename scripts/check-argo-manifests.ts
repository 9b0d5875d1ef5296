/**
 * npm run check:manifests -- <folder> — sends every ApplicationSet YAML file of a folder,
 * unchanged but for its remote URLs, to a hub's preview route and tallies how the hub understood it: accepted,
 * refused as unsupported, refused for another reason (by error code), or answered 5xx.
 *
 * Remote Git, Helm and provider URLs are pointed at a closed loopback port first, so nothing leaves the machine
 * (a Git generator then fails to reach its repository: the set is understood, its generator fails).
 * The hub runs in-process on the embedded database with three registered loopback clusters.
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { bearer, startTestHub } from '../test/support/test-hub';

const CLOSED_PORT_BASE = 'http://127.0.0.1:9';
const UNSUPPORTED_CODES = new Set(['UnsupportedGenerator', 'GoTemplateUnsupported']);

/** Every http(s) URL that is not a Kubernetes API address is pointed at a closed loopback port (path kept). */
function loopbackUrls(text: string): string {
  return text.replace(/https?:\/\/([A-Za-z0-9.-]+)(:\d+)?/g, (url, host: string) =>
    host === 'kubernetes.default.svc' || host === '127.0.0.1' || host === 'localhost' ? url : `${CLOSED_PORT_BASE}/${host}`,
  );
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
    for (const file of files) {
      const text = loopbackUrls(fs.readFileSync(path.join(folder, file), 'utf8'));
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
