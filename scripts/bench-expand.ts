/**
 * npm run bench:expand — one ApplicationSet (cluster generator) over 1,000 and 10,000 registered clusters, in
 * fasttemplate mode and as the same set with `goTemplate: true`:
 * preview time, first persisted expansion, unchanged re-run, and the SQL writes of the unchanged re-run.
 * Then, side by side: a template change rewriting every application of the largest size in bulk (as the hub does)
 * against one UPDATE per application (as it did); the new applications of the largest size written by COPY (as the hub
 * does on a real server) against jsonb_to_recordset statements (as it did, and does on PGlite); and one cluster
 * registered among 1,000 under 100 sets, re-expanding the sets it can concern (as the hub does) against every set (as it did).
 * Uses the embedded database, or DATABASE_URL (a fresh database is created there and dropped).
 */
import 'reflect-metadata';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { getRepositoryToken } from '@nestjs/typeorm';
import { DataSource, type Repository } from 'typeorm';
import { ApplicationSetReconciler } from '../src/applicationsets/application-set.reconciler';
import { ApplicationSetsService } from '../src/applicationsets/application-sets.service';
import { ExpansionTriggers } from '../src/applicationsets/expansion.triggers';
import { ClustersService } from '../src/clusters/clusters.service';
import { CopyIn } from '../src/database/copy-in';
import { ApplicationEntity } from '../src/database/entities/application.entity';
import { ReconcileTriggers } from '../src/reconcile/reconcile.triggers';
import { ApplicationRepository, type GeneratedApplication } from '../src/repositories/application.repository';
import { StateChangeObservers } from '../src/repositories/state-changes';
import { createHub } from '../src/bootstrap';
import { createTestDatabase } from '../test/support/test-database';
import { benchHubConfig } from './bench-hub-config';

const SIZES = (process.env.BENCH_SIZES ?? '1000,10000').split(',').map(Number);
// Preview and the unchanged re-run have no effect, so each is timed this many times and the best is shown: on a busy
// machine (and with the new applications' first syncs running in the background) the best is the stable figure.
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
// `expand` only: the table alone (what older versions of the hub can run too).
const PARTS = new Set((process.env.BENCH_PARTS ?? 'expand,updates,inserts,selective').split(','));
// Rounds of each way of writing the new applications, alternated (the machine's load drifts between rounds).
const INSERT_ROUNDS = Number(process.env.BENCH_INSERT_ROUNDS ?? 5);

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
  // The bench measures expansion, not syncing (bench:fleet does): the new applications' first syncs, to clusters that
  // do not answer, would otherwise queue on the database behind and between the timed passes. Stopped as at shutdown.
  await app.get(ReconcileTriggers).beforeApplicationShutdown();
  let writes = 0;
  const realLogger = dataSource.logger;
  // Counts every INSERT/UPDATE/DELETE the hub sends, independently of the reconciler's own bookkeeping.
  Object.assign(dataSource, {
    logger: new Proxy(realLogger, {
      get: (target, key) =>
        key === 'logQuery'
          ? (query: string) => {
              // Statements writing the expansion's tables, CTEs included (the set's status is written by one); the
              // hub's own heartbeat and lease renewals write other tables meanwhile.
              if (/\b(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(applications|application_sets)\b/i.test(query)) writes++;
            }
          : Reflect.get(target, key),
    }),
  });
  const sets = app.get(ApplicationSetsService);
  const reconciler = app.get(ApplicationSetReconciler);
  const engine = database.url ? 'PostgreSQL (DATABASE_URL)' : `the embedded database (${process.env.EMBEDDED_DATABASE === 'pglite' ? 'PGlite' : 'PostgreSQL server'})`;
  console.log(`bench:expand on ${engine}, node ${process.version}`);
  console.log(`clusters | template mode | preview ms (best of ${REPEATS}) | first expansion ms | unchanged re-run ms (best of ${REPEATS}) | writes in re-runs | ms per 1,000 apps (first / re-run)`);
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
    if (PARTS.has('updates')) await measureUpdates(Math.max(...SIZES));
    if (PARTS.has('inserts')) await measureInsertWays(Math.max(...SIZES));
    if (PARTS.has('selective')) await measureSelectiveReexpansion();
  } finally {
    await app.close();
    await database.drop();
    fs.rmSync(dataDir, { recursive: true, force: true });
  }

  async function measureUpdates(size: number): Promise<void> {
    await measureUpdatesWith(dataSource, sets, reconciler, app.get(ApplicationRepository), size);
  }

  /**
   * The new applications of a set over `size` clusters, written in a transaction that is rolled back: by COPY and by
   * jsonb_to_recordset statements, alternately, VACUUM between rounds so neither meets the other's dead rows.
   */
  async function measureInsertWays(size: number): Promise<void> {
    const manifest = clusterSet('copy-or-insert', `b${size}`, 'fasttemplate');
    manifest.spec.template.metadata.name = 'new-{{name}}';
    const preview = await reconciler.preview('copy-or-insert', manifest);
    if (!preview.ok || preview.plan.create.length !== size) throw new Error(`expected ${size} new applications, got ${preview.ok ? preview.plan.create.length : preview.message}`);
    const rows: GeneratedApplication[] = preview.plan.create.map((application) => ({
      name: application.metadata.name,
      cluster: application.metadata.name.slice('new-'.length),
      project: application.spec.project,
      labels: application.metadata.labels ?? {},
      ...preview.serialised(application),
    }));
    const entities = app.get<Repository<ApplicationEntity>>(getRepositoryToken(ApplicationEntity));
    const ways = { COPY: new CopyIn(true), 'jsonb_to_recordset statements': new CopyIn(false) };
    const times = new Map<string, number[]>(Object.keys(ways).map((way) => [way, []]));
    const status = { sync: { status: 'Unknown' }, health: { status: 'Unknown' }, conditions: [] } as never;
    for (let round = 0; round < INSERT_ROUNDS; round++) {
      for (const [way, copyIn] of Object.entries(ways)) {
        const repository = new ApplicationRepository(entities, app.get(StateChangeObservers), copyIn);
        const runner = dataSource.createQueryRunner();
        await runner.startTransaction();
        const started = performance.now();
        await repository.insertMany(runner.manager, 'copy-or-insert', status, rows);
        times.get(way)!.push(performance.now() - started);
        await runner.rollbackTransaction();
        await runner.release();
        await dataSource.query('VACUUM applications');
      }
    }
    const summary = (values: number[]) => {
      const sorted = [...values].sort((a, b) => a - b);
      return `best ${sorted[0].toFixed(0)} / median ${sorted[Math.floor(sorted.length / 2)].toFixed(0)} ms`;
    };
    console.log(`\n${size} new applications written (${INSERT_ROUNDS} rounds each, alternated): ${[...times].map(([way, values]) => `${way} ${summary(values)}`).join(' | ')}`);
  }

  /**
   * 100 sets, each selecting its team's 10 of 1,000 clusters. One cluster is registered through the cluster API; the
   * sets its registration can concern are re-expanded (as the expansion controller does after its debounce), against
   * re-expanding all 100 (as it did before).
   */
  async function measureSelectiveReexpansion(): Promise<void> {
    const teams = 100;
    const values: unknown[] = [];
    const rows: string[] = [];
    for (let i = 0; i < 1000; i++) {
      const name = `sel-c${String(i).padStart(4, '0')}`;
      const base = values.length;
      values.push(name, name, `https://127.0.0.1:${20000 + i}/sel/${i}`, JSON.stringify({ fleet: 'sel', team: `t${i % teams}`, env: 'production' }));
      rows.push(`($${base + 1}, $${base + 2}, $${base + 3}, $${base + 4}::jsonb, '{}'::jsonb, 'bearerToken', 'bench', 'v1.unused', now())`);
    }
    await dataSource.query(
      `INSERT INTO clusters (name, name_normalized, server, labels, annotations, credentials_type, credentials_key_id, credentials_ciphertext, credentials_updated_at) VALUES ${rows.join(',')}`,
      values,
    );
    for (let team = 0; team < teams; team++) {
      const manifest = clusterSet(`team-t${team}`, 'sel', 'fasttemplate');
      manifest.spec.generators = [{ clusters: { selector: { matchLabels: { team: `t${team}` } } } }] as never;
      manifest.spec.template.metadata.name = `t${team}-{{name}}`;
      await sets.create(manifest);
    }
    const teamSets = Array.from({ length: teams }, (_, team) => `team-t${team}`);
    // Counts the passes the expansion controller starts on its own after the registration (the real trigger path).
    const passes: string[] = [];
    const reconcile = reconciler.reconcile.bind(reconciler);
    reconciler.reconcile = (name, options) => {
      passes.push(name);
      return reconcile(name, options);
    };
    const facts = { name: 'sel-new', server: 'https://127.0.0.1:29999/sel/new', labels: { fleet: 'sel', team: 't7', env: 'production' } };
    let started = performance.now();
    await app.get(ClustersService).register({ ...facts, credentials: { bearerToken: 'bench' } }, false);
    const applications = app.get(ApplicationRepository);
    while (!(await applications.findByName('t7-sel-new'))) {
      if (performance.now() - started > 60_000) throw new Error('registering a cluster created no application within a minute');
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const endToEndMs = performance.now() - started;
    await app.get(ExpansionTriggers).settled();
    const triggered = [...passes];
    reconciler.reconcile = reconcile;
    // The same decision and passes again, timed without the debounce, beside re-expanding all 100 sets.
    started = performance.now();
    const concerned = await sets.setsConcernedBy([{ before: null, after: facts }]);
    await sets.reconcileAll(concerned);
    const selectiveMs = performance.now() - started;
    started = performance.now();
    await sets.reconcileAll(teamSets);
    const allMs = performance.now() - started;
    console.log(`\none cluster registered among 1,000 clusters under ${teams} sets (team t7):`);
    console.log(`  register → its application created: ${endToEndMs.toFixed(0)} ms (debounce ${100} ms included); sets re-expanded: ${triggered.length} [${triggered.join(', ')}]`);
    console.log(`  re-expanding the concerned set(s): ${concerned.length} in ${selectiveMs.toFixed(0)} ms | every set, as before: ${teamSets.length} in ${allMs.toFixed(0)} ms`);
  }

  async function measure(size: number, mode: Mode): Promise<void> {
      const tag = `${mode === 'goTemplate' ? 'g' : 'f'}${size}`;
      const manifest = clusterSet(tag, `b${size}`, mode);
      let previewMs = Infinity;
      for (let round = 0; round < REPEATS; round++) {
        const started = performance.now();
        const preview = await reconciler.preview(tag, manifest);
        previewMs = Math.min(previewMs, performance.now() - started);
        if (!preview.ok || preview.desired.length !== size) throw new Error(`preview produced ${preview.ok ? preview.desired.length : preview.message}`);
      }
      let started = performance.now();
      const created = await sets.create(manifest);
      const firstMs = performance.now() - started;
      if (created.status.desired !== size) throw new Error(`expansion produced ${created.status.desired} applications`);
      writes = 0;
      let rerunMs = Infinity;
      for (let round = 0; round < REPEATS; round++) {
        started = performance.now();
        await reconciler.reconcile(tag);
        rerunMs = Math.min(rerunMs, performance.now() - started);
      }
      const rerunWrites = writes;
      const per1000 = (ms: number) => ((ms / size) * 1000).toFixed(1);
      console.log(
        `${String(size).padStart(8)} | ${mode.padEnd(13)} | ${previewMs.toFixed(0).padStart(10)} | ${firstMs.toFixed(0).padStart(18)} | ${rerunMs.toFixed(0).padStart(19)} | ${String(rerunWrites).padStart(16)} | ${per1000(firstMs)} / ${per1000(rerunMs)}`,
      );
  }
}

/**
 * Every application of the fasttemplate set of `size` changes (a new annotation in the template): the rows written in
 * bulk (jsonb_to_recordset, about 128 kB of JSON a statement) against one UPDATE per row, the same rows in one transaction each.
 */
async function measureUpdatesWith(dataSource: DataSource, sets: ApplicationSetsService, reconciler: ApplicationSetReconciler, applications: ApplicationRepository, size: number): Promise<void> {
  const tag = `f${size}`;
  const changed = (revision: string) => {
    const manifest = clusterSet(tag, `b${size}`, 'fasttemplate');
    (manifest.spec.template.metadata as Record<string, unknown>).annotations = { 'bench/revision': revision };
    return manifest;
  };
  let started = performance.now();
  await sets.replace(tag, changed('1'));
  const replaceMs = performance.now() - started;
  const rowsFor = async (revision: string) => {
    const plan = await reconciler.preview(tag, changed(revision));
    if (!plan.ok || plan.plan.update.length !== size) throw new Error(`expected ${size} updates, got ${plan.ok ? plan.plan.update.length : plan.message}`);
    return plan.plan.update.map((update) => ({
      name: update.name,
      // The bench names each application after its cluster (`app-<cluster>`).
      cluster: update.name.slice('app-'.length),
      project: update.application.spec.project,
      labels: update.application.metadata.labels ?? {},
      ...plan.serialised(update.application),
    }));
  };
  const bulkRows = await rowsFor('2');
  started = performance.now();
  await dataSource.transaction((manager) => applications.updateMany(manager, tag, bulkRows));
  const bulkMs = performance.now() - started;
  const singleRows = await rowsFor('3');
  started = performance.now();
  await dataSource.transaction(async (manager) => {
    for (const row of singleRows) {
      await manager.query(
        `UPDATE applications SET application_set = $2, orphaned_from = NULL, cluster = $3, project = $4, labels = $5, manifest = $6, fingerprint = $7, updated_at = now() WHERE name = $1`,
        [row.name, tag, row.cluster, row.project, JSON.stringify(row.labels), row.manifestJson, row.fingerprint],
      );
    }
  });
  const singleMs = performance.now() - started;
  console.log(`\ntemplate change, ${size} applications rewritten: whole re-expansion (PUT) ${replaceMs.toFixed(0)} ms; the writes alone: in bulk ${bulkMs.toFixed(0)} ms | one UPDATE per row ${singleMs.toFixed(0)} ms`);
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
