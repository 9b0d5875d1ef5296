/**
 * The fleet history bench:history queries: CLUSTERS clusters × SETS ApplicationSets (one application per set and
 * cluster) × RUNS_PER_APP sync runs spread over a year, loaded in one go with jsonb_to_recordset batches. Each
 * application's runs follow the recorder's rules (lineage, "changed"), so the figures mean what they would on a hub.
 */
import { createHash } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { ensureMonthPartition } from '../src/database/monthly-partitions';
import type { SyncPhase, SyncTrigger } from '../src/database/entities/sync-run.entity';
import { lineageAfter } from '../src/reconcile/sync-run-recorder';
import type { LastOutcome } from '../src/repositories/sync-run.repository';

// BENCH_HISTORY_CLUSTERS=200 loads a fifth of the fleet (200,000 runs), enough for the export figures, in a fifth of the time.
export const CLUSTERS = Number(process.env.BENCH_HISTORY_CLUSTERS ?? 1000);
export const SETS = 10;
export const RUNS_PER_APP = 100;
const DAY_MS = 24 * 60 * 60 * 1000;
export const END = Date.parse('2026-11-01T00:00:00Z');
export const START = END - 365 * DAY_MS;
const COMMIT_EVERY_MS = 30 * 60 * 1000;
const BATCH = 10_000;
const REGIONS = ['eu-1', 'eu-2', 'us-1', 'ap-1'];
export const TOKENS = Array.from({ length: 20 }, (_, i) => `deployer-${i}`);
const ROLLOUTS = Array.from({ length: 50 }, (_, i) => `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`);

export const clusterName = (index: number) => `c-${String(index).padStart(4, '0')}`;
export const clusterLabels = (index: number) => ({
  env: index % 10 < 6 ? 'production' : index % 10 < 9 ? 'staging' : 'dev',
  region: REGIONS[index % REGIONS.length],
  tier: index % 2 === 0 ? 'web' : 'batch',
});
const commitSha = (repository: number, commit: number) => createHash('sha1').update(`fleet-${repository}:${commit}`).digest('hex');

/** A small deterministic generator, so every run of the benchmark loads the same history. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Row {
  s: number;
  cn: string;
  cl: Record<string, string>;
  rv: string;
  ct: string;
  pr: string | null;
  fs: string | null;
  tr: SyncTrigger;
  tb: string | null;
  ro: string | null;
  ph: SyncPhase;
  ch: boolean;
  da: string;
  st: string;
  fi: string | null;
}

function pick<T>(random: () => number, weighted: [T, number][]): T {
  let roll = random();
  for (const [value, weight] of weighted) {
    roll -= weight;
    if (roll < 0) return value;
  }
  return weighted[weighted.length - 1][0];
}

/** One application on one cluster: its runs one after another, each following the recorder's rules. */
class ApplicationHistory {
  private last: LastOutcome | null = null;
  private lastCommittedAt = 0;

  constructor(
    private readonly set: number,
    private readonly cluster: number,
  ) {}

  /** Its k-th run, in the k-th of RUNS_PER_APP equal slots of the year. */
  run(k: number, random: () => number): Row {
    const { last } = this;
    const startedAt = Math.round(START + (k + random() * 0.9) * ((END - START) / RUNS_PER_APP));
    const phase = pick<SyncPhase>(random, [['Succeeded', 0.9], ['Failed', 0.06], ['Error', 0.025], ['Interrupted', 0.015]]);
    let trigger = pick<SyncTrigger>(random, [['automated', 0.8], ['self-heal', 0.08], ['manual', 0.07], ['retry', 0.04], ['rollout', 0.01]]);
    // The newest commit, some minutes to hours old; self-heal applies again what runs, a retry what failed.
    const commit = Math.floor((startedAt - START - random() * 6 * 3600_000) / COMMIT_EVERY_MS);
    let revision = commitSha(this.set % 3, commit);
    let committedAt = START + commit * COMMIT_EVERY_MS;
    const reapply = (trigger === 'self-heal' && last?.phase === 'Succeeded') || (trigger === 'retry' && last !== null && last.phase !== 'Succeeded');
    if (reapply && last?.revision) [revision, committedAt] = [last.revision, this.lastCommittedAt];
    else if (trigger === 'self-heal' || trigger === 'retry') trigger = 'automated';
    const lineage = lineageAfter(last);
    const changed = phase === 'Succeeded' && (revision !== lineage.previousRevision || trigger === 'self-heal' || random() < 0.3);
    const finishedAt = phase === 'Interrupted' ? startedAt + 600_000 : startedAt + Math.round(3000 + random() * random() * 180_000);
    if (phase !== 'Interrupted') {
      this.last = { phase, revision, previousRevision: lineage.previousRevision, failingSince: lineage.failingSince, startedAt: new Date(startedAt) };
      this.lastCommittedAt = committedAt;
    }
    return {
      s: this.set,
      cn: clusterName(this.cluster),
      cl: clusterLabels(this.cluster),
      rv: revision,
      ct: new Date(committedAt).toISOString(),
      pr: lineage.previousRevision,
      fs: lineage.failingSince?.toISOString() ?? null,
      tr: trigger,
      tb: trigger === 'manual' ? TOKENS[Math.floor(random() * TOKENS.length)] : null,
      ro: trigger === 'rollout' ? ROLLOUTS[Math.floor(random() * ROLLOUTS.length)] : null,
      ph: phase,
      ch: changed,
      da: phase === 'Failed' ? 'failed' : changed ? 'configured' : 'unchanged',
      st: new Date(startedAt).toISOString(),
      fi: new Date(finishedAt).toISOString(),
    };
  }
}

// What the recorder notes at each start: the application on the cluster.
const REMEMBER = `
  INSERT INTO synced_applications (application, cluster)
  SELECT DISTINCT 'set-' || x.s || '-' || x.cn, x.cn FROM jsonb_to_recordset($1::jsonb) AS x(s int, cn text)
  ON CONFLICT DO NOTHING`;

const INSERT = `
  INSERT INTO sync_runs (application, application_set, cluster, project, repository, path, revision, revision_committed_at, previous_revision, failing_since,
                         trigger, triggered_by, rollout, phase, message, resources, changed, cluster_labels, started_at, finished_at)
  SELECT 'set-' || x.s || '-' || x.cn, 'set-' || x.s, x.cn, 'team-' || (x.s % 5), 'https://127.0.0.1:8443/platform/fleet-' || (x.s % 3) || '.git', 'apps/set-' || x.s,
         x.rv, x.ct, x.pr, x.fs, x.tr, x.tb, x.ro, x.ph,
         CASE x.ph WHEN 'Succeeded' THEN 'successfully synced' WHEN 'Failed' THEN 'wave 0 failed (Deployment my-api: admission webhook denied the request)'
                   WHEN 'Error' THEN 'live state could not be read: connect ETIMEDOUT' ELSE 'The hub replica running this sync stopped before it finished' END,
         jsonb_build_array(
           jsonb_build_object('group', 'apps', 'kind', 'Deployment', 'namespace', 'set-' || x.s, 'name', 'my-api', 'action', x.da, 'message', x.da),
           jsonb_build_object('group', '', 'kind', 'Service', 'namespace', 'set-' || x.s, 'name', 'my-api', 'action', 'unchanged', 'message', 'in sync'),
           jsonb_build_object('group', '', 'kind', 'ConfigMap', 'namespace', 'set-' || x.s, 'name', 'my-api-settings', 'action', 'unchanged', 'message', 'in sync')),
         x.ch, x.cl, x.st, x.fi
  FROM jsonb_to_recordset($1::jsonb) AS x(s int, cn text, cl jsonb, rv text, ct timestamptz, pr text, fs timestamptz, tr text, tb text, ro uuid, ph text, ch boolean, da text, st timestamptz, fi timestamptz)`;

/** Loads the whole fleet's history in the order a hub writes it (by time); returns how many runs were written. */
export async function loadHistory(dataSource: DataSource, progress: (written: number) => void): Promise<number> {
  const random = seededRandom(20261129);
  // sync_runs is partitioned by month: the hub makes a month's partition when its first run needs it.
  for (let month = new Date(START); month.getTime() < END + 31 * DAY_MS; month = new Date(Date.UTC(month.getUTCFullYear(), month.getUTCMonth() + 1))) {
    await ensureMonthPartition(dataSource, 'sync_runs', month);
  }
  const applications = Array.from({ length: CLUSTERS * SETS }, (_, i) => new ApplicationHistory(i % SETS, Math.floor(i / SETS)));
  let written = 0;
  for (let k = 0; k < RUNS_PER_APP; k++) {
    const slot = applications.map((application) => application.run(k, random)).sort((a, b) => (a.st < b.st ? -1 : 1));
    for (let start = 0; start < slot.length; start += BATCH) {
      const batch = slot.slice(start, start + BATCH);
      const rows = JSON.stringify(batch);
      await dataSource.query(INSERT, [rows]);
      await dataSource.query(REMEMBER, [rows]);
      written += batch.length;
      progress(written);
    }
  }
  // What autovacuum would do after such a load: statistics for the planner and a visibility map for index-only scans.
  await withoutQueryTimeout(dataSource, 'VACUUM ANALYZE sync_runs');
  await withoutQueryTimeout(dataSource, 'VACUUM ANALYZE synced_applications');
  return written;
}

/** The hub's 30 s query timeout is for requests; a VACUUM on a busy machine may take longer. */
async function withoutQueryTimeout(dataSource: DataSource, sql: string): Promise<void> {
  const runner = dataSource.createQueryRunner();
  try {
    const client = (await runner.connect()) as { query(config: { text: string; query_timeout: number }): Promise<unknown> };
    await client.query({ text: sql, query_timeout: 30 * 60_000 });
  } finally {
    await runner.release();
  }
}
