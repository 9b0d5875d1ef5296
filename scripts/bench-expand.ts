/**
 * npm run bench:expand — one ApplicationSet (cluster generator) over 1,000 and 10,000 registered clusters, in
 * fasttemplate mode and as the same set with `goTemplate: true`:
 * preview time, first persisted expansion, unchanged re-run, and the SQL writes of the unchanged re-run.
 * Uses the embedded database, or DATABASE_URL (a fresh database is created there and dropped).
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DataSource } from 'typeorm';
import { ApplicationSetReconciler } from '../src/applicationsets/application-set.reconciler';
import { ApplicationSetsService } from '../src/applicationsets/application-sets.service';
import { createHub } from '../src/bootstrap';
import { createTestDatabase } from '../test/support/test-database';
import { benchHubConfig } from './bench-hub-config';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);

type Mode = 'fasttemplate' | 'goTemplate';

/** The same set in either template mode; the Go variant names its applications `go-…` so both can share clusters. */
function clusterSet(name: string, clusterTag: string, mode: Mode) {
  const go = mode === 'goTemplate';
  const env = go ? '{{ index .metadata.labels "env" }}' : '{{metadata.labels.env}}';
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'ApplicationSet',
    metadata: { name },
    spec: {
      ...(go ? { goTemplate: true, goTemplateOptions: ['missingkey=error'] } : {}),
      generators: [{ clusters: { selector: { matchLabels: { bench: clusterTag } } } }],
      template: {
        metadata: { name: go ? 'go-{{ .name }}' : 'app-{{name}}', labels: { env } },
        spec: {
          project: 'default',
          source: { repoURL: 'file:///srv/git/fleet.git', targetRevision: 'main', path: `apps/my-api/overlays/${env}` },
          destination: { server: go ? '{{ .server }}' : '{{server}}', namespace: env },
          syncPolicy: { automated: { prune: true, selfHeal: true } },
        },
      },
    },
  };
}

/** Registers clusters straight into the table: the benchmark measures expansion, not registration. */
async function insertClusters(dataSource: DataSource, tag: string, count: number): Promise<void> {
  for (let start = 0; start < count; start += 1000) {
    const values: unknown[] = [];
    const rows: string[] = [];
    for (let i = start; i < Math.min(count, start + 1000); i++) {
      const name = `${tag}-c${String(i).padStart(5, '0')}`;
      const labels = JSON.stringify({ bench: tag, env: i % 3 === 0 ? 'staging' : 'production' });
      const base = values.length;
      values.push(name, name, `https://127.0.0.1:${10000 + (i % 50000)}/${tag}/${i}`, labels);
      rows.push(`($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}::jsonb, '{}'::jsonb, 'bearerToken', 'bench', 'v1.unused', now())`);
    }
    await dataSource.query(
      `INSERT INTO clusters (name, name_normalized, server, labels, annotations, credentials_type, credentials_key_id, credentials_ciphertext, credentials_updated_at) VALUES ${rows.join(',')}`,
      values,
    );
  }
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'flotilla-bench-'));
  const database = await createTestDatabase();
  const config = benchHubConfig(dataDir, database.url);
  const app = await createHub(config);
  await app.init();
  const dataSource = app.get(DataSource);
  let writes = 0;
  const realLogger = dataSource.logger;
  // Counts every INSERT/UPDATE/DELETE the hub sends, independently of the reconciler's own bookkeeping.
  Object.assign(dataSource, {
    logger: new Proxy(realLogger, {
      get: (target, key) =>
        key === 'logQuery'
          ? (query: string) => {
              if (/^\s*(INSERT|UPDATE|DELETE)/i.test(query)) writes++;
            }
          : Reflect.get(target, key),
    }),
  });
  const sets = app.get(ApplicationSetsService);
  const reconciler = app.get(ApplicationSetReconciler);
  console.log(`bench:expand on ${database.url ? 'PostgreSQL (DATABASE_URL)' : 'the embedded PostgreSQL (PGlite)'}, node ${process.version}`);
  console.log('clusters | template mode | preview ms | first expansion ms | unchanged re-run ms | writes in re-run | ms per 1,000 apps (first / re-run)');
  try {
    // One small unprinted round first, so the figures are not dominated by JIT compilation of the first call.
    await insertClusters(dataSource, 'warmup', 200);
    for (const mode of ['fasttemplate', 'goTemplate'] as const) {
      await sets.create(clusterSet(`warmup-${mode.toLowerCase()}`, 'warmup', mode));
      await reconciler.reconcile(`warmup-${mode.toLowerCase()}`);
    }
    for (const size of SIZES) {
      await insertClusters(dataSource, `b${size}`, size);
      for (const mode of ['fasttemplate', 'goTemplate'] as const) await measure(size, mode);
    }
  } finally {
    await app.close();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  async function measure(size: number, mode: Mode): Promise<void> {
      const tag = `${mode === 'goTemplate' ? 'g' : 'f'}${size}`;
      const manifest = clusterSet(tag, `b${size}`, mode);
      let started = performance.now();
      const preview = await reconciler.preview(tag, manifest);
      const previewMs = performance.now() - started;
      if (!preview.ok || preview.desired.length !== size) throw new Error(`preview produced ${preview.ok ? preview.desired.length : preview.message}`);
      started = performance.now();
      const created = await sets.create(manifest);
      const firstMs = performance.now() - started;
      if (created.status.desired !== size) throw new Error(`expansion produced ${created.status.desired} applications`);
      writes = 0;
      started = performance.now();
      await reconciler.reconcile(tag);
      const rerunMs = performance.now() - started;
      const rerunWrites = writes;
      const per1000 = (ms: number) => ((ms / size) * 1000).toFixed(1);
      console.log(
        `${String(size).padStart(8)} | ${mode.padEnd(13)} | ${previewMs.toFixed(0).padStart(10)} | ${firstMs.toFixed(0).padStart(18)} | ${rerunMs.toFixed(0).padStart(19)} | ${String(rerunWrites).padStart(16)} | ${per1000(firstMs)} / ${per1000(rerunMs)}`,
      );
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
