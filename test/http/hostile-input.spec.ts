import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExpansionTriggers } from '../../src/applicationsets/expansion.triggers';
import { AuditTrail } from '../../src/audit/audit-trail';
import { type ApiExample, apiExamples } from '../support/api-examples';
import { baselineOf, bodyVariants, pathVariants, queryVariants, type Variant } from '../support/hostile-variants';
import { AnswerChecker, answerOf, fetchServedDocument, fillPath, type Operation, pathParameters, type ServedDocument } from '../support/openapi';
import { bearer, startTestHub, type TestHub } from '../support/test-hub';

const BODY_LIMIT_BYTES = 64 * 1024;
const WEBHOOK_SECRET = 'hostile-sweep-webhook-secret';
const REQUEST_TIMEOUT_MS = 20_000;
const SCHEDULER_TABLES = new Set(['job_leases', 'shard_leases']);
/** Refused requests are recorded too: each one that asks for a change leaves exactly its audit row. */
const AUDITED_METHODS = new Set(['post', 'put', 'patch', 'delete']);

interface Outcome {
  operation: string;
  variant: Variant;
  status: number;
  problems: string[];
}

/**
 * Walks the served OpenAPI document and sends every operation hostile path parameters, query parameters and
 * bodies. Each must get a documented 4xx with the error body, and write nothing.
 */
describe('hostile input sweep over every documented operation', () => {
  let hub: TestHub;
  let served: ServedDocument;
  let examples: Record<string, ApiExample>;
  let tables: string[];
  const checker = new AnswerChecker();
  const outcomes: Outcome[] = [];

  beforeAll(async () => {
    hub = await startTestHub({ env: { BODY_LIMIT: String(BODY_LIMIT_BYTES), GIT_WEBHOOK_SECRET: WEBHOOK_SECRET, RECONCILE_INTERVAL_SECONDS: '3600' } });
    served = await fetchServedDocument(hub);
    // No cluster answers: nothing the sweep sends is meant to get that far.
    examples = apiExamples({ repoURL: 'https://127.0.0.1:8443/platform/fleet.git', cluster: { server: 'https://127.0.0.1:9', bearerToken: 'sweep-token' }, webhookSecret: WEBHOOK_SECRET });
    // Partitioned tables are counted whole, through their parent.
    const rows: { name: string }[] = await hub.dataSource.query(
      `SELECT relname AS name FROM pg_class WHERE relnamespace = current_schema()::regnamespace AND relkind IN ('r', 'p') AND NOT relispartition ORDER BY relname`,
    );
    // Leases are the periodic jobs' own bookkeeping, taken on their timers whatever requests come (a slow machine
    // meets a job's first pass mid-sweep); no request writes them.
    tables = rows.map((row) => row.name).filter((name) => !SCHEDULER_TABLES.has(name));
  });

  afterAll(async () => {
    await hub?.close();
  });

  const rowCounts = async (): Promise<Record<string, number>> => {
    const columns = tables.map((table) => `(SELECT count(*)::int FROM "${table}") AS "${table}"`).join(', ');
    return (await hub.dataSource.query(`SELECT ${columns}`))[0];
  };

  async function attack(operation: Operation, variant: Variant): Promise<void> {
    await hub.app.get(AuditTrail).settled();
    const before = await rowCounts();
    const url = `${fillPath(operation, variant.path)}${variant.query ? `?${variant.query}` : ''}`;
    let request = hub.http[operation.method](url).set(bearer(hub.adminToken)).timeout(REQUEST_TIMEOUT_MS);
    if (variant.body) {
      const signed = examples[operation.key]?.headersFor?.(variant.body.raw) ?? {};
      request = request.set('Content-Type', variant.body.contentType).set(signed).send(variant.body.raw);
    }
    let problems: string[];
    let status: number;
    try {
      const answer = answerOf(await request);
      status = answer.status;
      problems = status >= 400 && status < 500 ? checker.problems(operation, answer) : [`not a 4xx`];
    } catch (error) {
      status = 0;
      problems = [`no answer: ${(error as Error).message}`];
    }
    await hub.app.get(AuditTrail).settled();
    const after = await rowCounts();
    const expected = (table: string) => before[table] + (table === 'audit_events' && AUDITED_METHODS.has(operation.method) ? 1 : 0);
    const written = tables.filter((table) => after[table] !== expected(table)).map((table) => `${table} ${before[table]} → ${after[table]}`);
    if (written.length > 0) problems.push(`rows written: ${written.join(', ')}`);
    outcomes.push({ operation: operation.key, variant, status, problems });
  }

  async function sweep(operations: Operation[]): Promise<void> {
    for (const operation of operations) {
      const example = examples[operation.key];
      const baseline = baselineOf(operation, example);
      const variants = [...pathVariants(operation, baseline), ...queryVariants(operation, baseline), ...bodyVariants(operation, example, BODY_LIMIT_BYTES, baseline)];
      for (const variant of variants) await attack(operation, variant);
    }
  }

  /** Creates what the examples name (the creation examples themselves), so variants of later operations meet real resources. */
  async function seedFromExamples(): Promise<void> {
    for (const operation of served.operations.filter((op) => op.method === 'post' && pathParameters(op).length === 0)) {
      const example = examples[operation.key];
      if (!example) continue;
      const raw = JSON.stringify(example.body);
      const response = await hub.http.post(operation.path).set(bearer(hub.adminToken)).set('Content-Type', example.contentType ?? 'application/json').set(example.headersFor?.(raw) ?? {}).send(raw);
      // 409: a variant got through and created it already; that is reported with the variant.
      expect([200, 201, 202, 409], `seeding with the example of ${operation.key}: ${response.text}`).toContain(response.status);
    }
    await hub.app.get(ExpansionTriggers).settled();
    // Every resource an example's path names must exist, or its variants would only meet a 404.
    for (const operation of served.operations.filter((op) => examples[op.key]?.path)) {
      const resource = operation.path.slice(0, operation.path.lastIndexOf('}') + 1);
      const read = served.operations.find((op) => op.method === 'get' && op.path === resource);
      if (read) await hub.http.get(fillPath(read, baselineOf(operation, examples[operation.key]).path)).set(bearer(hub.adminToken)).expect(200);
    }
  }

  it('refuses every hostile request with a documented 4xx and the error body, and writes nothing but its audit row', async () => {
    // Creations meet an empty hub, so a variant that got through would be created (and show up as rows written).
    await sweep(served.operations.filter((operation) => pathParameters(operation).length === 0));
    await seedFromExamples();
    await sweep(served.operations.filter((operation) => pathParameters(operation).length > 0));
    const failures = outcomes.filter((outcome) => outcome.problems.length > 0);
    expect(failures.length, summary(outcomes, failures)).toBe(0);
    expect(outcomes.length).toBeGreaterThan(served.operations.length);
  }, 600_000);

  it('still answers /healthz, and no prototype was polluted', async () => {
    await hub.http.get('/healthz').expect(200);
    expect(({} as Record<string, unknown>).sweepPolluted).toBeUndefined();
  });
});

/** Operations × classes → statuses, then the failing variants (the first 80). */
function summary(outcomes: Outcome[], failures: Outcome[]): string {
  const table = new Map<string, Map<string, Map<number, number>>>();
  for (const { operation, variant, status } of outcomes) {
    const byKind = table.get(operation) ?? new Map<string, Map<number, number>>();
    const statuses = byKind.get(variant.kind) ?? new Map<number, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    byKind.set(variant.kind, statuses);
    table.set(operation, byKind);
  }
  const lines = [...table].map(([operation, byKind]) => {
    const cells = [...byKind].map(([kind, statuses]) => `${kind} ${[...statuses].map(([status, count]) => `${status}×${count}`).join('/')}`);
    return `${operation}\n    ${cells.join(' | ')}`;
  });
  const failing = failures.slice(0, 80).map(({ operation, variant, status, problems }) => `  ${operation} ${variant.kind} [${variant.detail}] → ${status}: ${problems.join('; ')}`);
  return [`${failures.length} of ${outcomes.length} hostile requests were not refused as documented`, ...lines, 'Failures:', ...failing].join('\n');
}
