import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import type { AppConfig } from '../../src/config/app-config';
import { MetricsService } from '../../src/metrics/metrics.service';
import { parseExposition } from '../support/prometheus-text';

const MONITORING = path.resolve(__dirname, '../../deploy/monitoring');
const HISTOGRAM_SUFFIXES = ['_bucket', '_sum', '_count'];

interface Rule {
  alert?: string;
  expr?: unknown;
  for?: unknown;
  labels?: Record<string, unknown>;
  annotations?: Record<string, unknown>;
}

/** Every metric family the hub exposes, with its type (a fresh registry lists every family, even those without samples). */
async function exposedFamilies(): Promise<Map<string, string>> {
  const metrics = new MetricsService({ sharding: { shardCount: 4 }, reconcile: { intervalSeconds: 60 } } as AppConfig);
  return new Map([...parseExposition(await metrics.scrape()).values()].map((family) => [family.name, family.type!]));
}

/** The flotilla_* metric names a PromQL expression reads. */
function metricNames(expr: string): string[] {
  return [...expr.matchAll(/\bflotilla_[a-z0-9_]+/g)].map((match) => match[0]);
}

function unknownMetrics(expr: string, families: Map<string, string>): string[] {
  return metricNames(expr).filter((name) => {
    if (families.has(name)) return false;
    const suffix = HISTOGRAM_SUFFIXES.find((s) => name.endsWith(s));
    return !(suffix && families.get(name.slice(0, -suffix.length)) === 'histogram');
  });
}

function hasPromtool(): boolean {
  try {
    execFileSync('promtool', ['--version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('deploy/monitoring', () => {
  const rulesFile = path.join(MONITORING, 'flotilla-alerts.yaml');
  const doc = parse(fs.readFileSync(rulesFile, 'utf8')) as { groups: { name: string; rules: Rule[] }[] };
  const rules = doc.groups.flatMap((group) => group.rules);

  it('alert rules are well formed: groups of named rules with expr, labels.severity, summary and description', () => {
    expect(doc.groups.length).toBeGreaterThan(0);
    const names = new Set<string>();
    for (const group of doc.groups) {
      expect(group.name).toMatch(/^flotilla-/);
      expect(group.rules.length).toBeGreaterThan(0);
      for (const rule of group.rules) {
        expect(rule.alert, JSON.stringify(rule)).toMatch(/^[A-Za-z][A-Za-z0-9]*$/);
        expect(names.has(rule.alert!), `${rule.alert} twice`).toBe(false);
        names.add(rule.alert!);
        expect(typeof rule.expr, rule.alert).toBe('string');
        if (rule.for !== undefined) expect(rule.for, rule.alert).toMatch(/^\d+[smh]$/);
        expect(['info', 'warning', 'critical']).toContain(rule.labels?.severity);
        expect(typeof rule.annotations?.summary).toBe('string');
        expect(typeof rule.annotations?.description).toBe('string');
      }
    }
  });

  it('alerts on each failure the operators asked for', () => {
    const exprs = rules.map((rule) => String(rule.expr));
    const alerting = (pattern: RegExp) => exprs.filter((expr) => pattern.test(expr));
    expect(alerting(/flotilla_app_sync_total\{phase=~"Failed\|Error"\}/)).toHaveLength(1);
    expect(alerting(/flotilla_app_info\{health_status="Degraded"\}/)).toHaveLength(1);
    expect(alerting(/flotilla_cluster_info\{connection_state="Failed"\}/)).toHaveLength(1);
    expect(alerting(/flotilla_reconcile_duration_seconds_sum\{scope="pass"\}[\s\S]*flotilla_reconcile_interval_seconds/)).toHaveLength(1);
    expect(alerting(/flotilla_shards_held\)\s*<\s*max\(flotilla_shards_total\)/)).toHaveLength(1);
    expect(alerting(/flotilla_notification_deliveries_total\{outcome="dead"\}/)).toHaveLength(1);
  });

  it('every metric an alert reads is one the hub exposes', async () => {
    const families = await exposedFamilies();
    for (const rule of rules) expect(unknownMetrics(String(rule.expr), families), rule.alert).toEqual([]);
  });

  it('the dashboard is Grafana JSON whose every query reads metrics the hub exposes', async () => {
    const families = await exposedFamilies();
    const dashboard = JSON.parse(fs.readFileSync(path.join(MONITORING, 'flotilla-dashboard.json'), 'utf8')) as { title: string; uid: string; panels: { id: number; title: string; targets: { expr: string; refId: string }[] }[] };
    expect(dashboard).toMatchObject({ title: expect.any(String), uid: 'flotilla-hub' });
    expect(new Set(dashboard.panels.map((panel) => panel.id)).size).toBe(dashboard.panels.length);
    const read = new Set<string>();
    for (const panel of dashboard.panels) {
      expect(panel.targets.length, panel.title).toBeGreaterThan(0);
      for (const target of panel.targets) {
        expect(metricNames(target.expr).length, `${panel.title}: ${target.expr}`).toBeGreaterThan(0);
        expect(unknownMetrics(target.expr, families), panel.title).toEqual([]);
        metricNames(target.expr).forEach((name) => read.add(name.replace(/_(bucket|sum|count)$/, '')));
      }
    }
    // The dashboard shows every fleet metric of the hub (the Node.js defaults aside).
    expect([...families.keys()].filter((name) => name.startsWith('flotilla_') && !read.has(name))).toEqual([]);
  });

  it.skipIf(!hasPromtool())('promtool accepts the rules', () => {
    expect(execFileSync('promtool', ['check', 'rules', rulesFile], { encoding: 'utf8' })).toContain('SUCCESS');
  });
});
