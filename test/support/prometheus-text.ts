/**
 * A strict reader of the Prometheus text exposition format (0.0.4), for tests: every line must be a HELP, a TYPE,
 * a sample or empty; every sample must belong to a family with HELP and TYPE given before it; no series twice.
 */
export interface Sample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

export interface Family {
  name: string;
  help?: string;
  type?: string;
  samples: Sample[];
}

const METRIC_NAME = '[a-zA-Z_:][a-zA-Z0-9_:]*';
const LABEL = `([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\\\\n]|\\\\[\\\\"n])*)"`;
const SAMPLE_LINE = new RegExp(`^(${METRIC_NAME})(?:\\{((?:${LABEL})(?:,${LABEL})*,?)?\\})? (\\S+)(?: (-?\\d+))?$`);
// Prometheus reads values with Go's ParseFloat, which takes NaN and Inf in any case (prom-client prints `Nan`).
const VALUE = /^(?:[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?|[+-]?inf(?:inity)?|nan)$/i;
const TYPES = new Set(['counter', 'gauge', 'histogram', 'summary', 'untyped']);
const SUFFIXES: Record<string, string[]> = { histogram: ['_bucket', '_sum', '_count'], summary: ['_sum', '_count'] };

export function parseExposition(text: string): Map<string, Family> {
  const families = new Map<string, Family>();
  const seen = new Set<string>();
  const problems: string[] = [];
  const family = (name: string) => families.get(name) ?? families.set(name, { name, samples: [] }).get(name)!;
  text.split('\n').forEach((line, index) => {
    const where = `line ${index + 1} (${line.slice(0, 120)})`;
    if (line === '') return;
    const comment = /^# (HELP|TYPE) (\S+) ?(.*)$/.exec(line);
    if (comment) {
      const [, kind, name, rest] = comment;
      if (!new RegExp(`^${METRIC_NAME}$`).test(name)) problems.push(`${where}: bad metric name`);
      const entry = family(name);
      if (kind === 'HELP') {
        if (entry.help !== undefined) problems.push(`${where}: second HELP`);
        entry.help = rest;
      } else {
        if (entry.type !== undefined) problems.push(`${where}: second TYPE`);
        if (entry.samples.length > 0) problems.push(`${where}: TYPE after samples`);
        if (!TYPES.has(rest)) problems.push(`${where}: unknown type`);
        entry.type = rest;
      }
      return;
    }
    if (line.startsWith('#')) return;
    const match = SAMPLE_LINE.exec(line);
    if (!match || !VALUE.test(match[match.length - 2])) {
      problems.push(`${where}: not a valid sample line`);
      return;
    }
    const name = match[1];
    const labels: Record<string, string> = {};
    for (const [, label, value] of (match[2] ?? '').matchAll(new RegExp(LABEL, 'g'))) {
      if (label in labels) problems.push(`${where}: label ${label} twice`);
      labels[label] = value.replace(/\\n/g, '\n').replace(/\\"/g, '"').replace(/\\\\/g, '\\');
    }
    const owner = familyOf(name, families);
    if (!owner?.type || owner.help === undefined) {
      problems.push(`${where}: sample without HELP and TYPE before it`);
      return;
    }
    const key = `${name}{${Object.entries(labels).sort(([a], [b]) => (a < b ? -1 : 1)).map(([k, v]) => `${k}=${JSON.stringify(v)}`).join(',')}}`;
    if (seen.has(key)) problems.push(`${where}: duplicate series ${key}`);
    seen.add(key);
    owner.samples.push({ name, labels, value: numberOf(match[match.length - 2]) });
  });
  if (problems.length > 0) throw new Error(`invalid exposition:\n${problems.join('\n')}`);
  return families;
}

function numberOf(text: string): number {
  if (/nan/i.test(text)) return NaN;
  if (/inf/i.test(text)) return text.startsWith('-') ? -Infinity : Infinity;
  return Number(text);
}

function familyOf(sampleName: string, families: Map<string, Family>): Family | undefined {
  const exact = families.get(sampleName);
  if (exact) return exact;
  for (const [type, suffixes] of Object.entries(SUFFIXES)) {
    for (const suffix of suffixes) {
      if (!sampleName.endsWith(suffix)) continue;
      const base = families.get(sampleName.slice(0, -suffix.length));
      if (base?.type === type) return base;
    }
  }
  return undefined;
}

/** The samples of one metric (a family or a histogram's `_count`…) whose labels include `labels`. */
export function samples(families: Map<string, Family>, name: string, labels: Record<string, string> = {}): Sample[] {
  const owner = familyOf(name, families);
  return (owner?.samples ?? []).filter((sample) => sample.name === name && Object.entries(labels).every(([k, v]) => sample.labels[k] === v));
}
