import { isObject, type JsonObject, str } from './json';
import { errors } from './status-errors';

export type Matcher = (obj: JsonObject) => boolean;

type Requirement = (labels: Record<string, string>) => boolean;

// Splits on commas outside parentheses: `env in (a,b),tier!=db`.
function splitTerms(selector: string): string[] {
  const terms: string[] = [];
  let depth = 0;
  let current = '';
  for (const ch of selector) {
    if (ch === '(') depth++;
    if (ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      terms.push(current.trim());
      current = '';
    } else current += ch;
  }
  if (current.trim()) terms.push(current.trim());
  return terms;
}

function parseLabelTerm(term: string): Requirement {
  const setMatch = /^([\w./-]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(term);
  if (setMatch) {
    const [, key, op, raw] = setMatch;
    const values = new Set(raw.split(',').map((v) => v.trim()));
    return op === 'in' ? (l) => key in l && values.has(l[key]) : (l) => !(key in l) || !values.has(l[key]);
  }
  const eqMatch = /^([\w./-]+)\s*(==|=|!=)\s*([\w.-]*)$/.exec(term);
  if (eqMatch) {
    const [, key, op, value] = eqMatch;
    return op === '!=' ? (l) => l[key] !== value : (l) => l[key] === value;
  }
  const existsMatch = /^(!?)([\w./-]+)$/.exec(term);
  if (existsMatch) {
    const [, not, key] = existsMatch;
    return not ? (l) => !(key in l) : (l) => key in l;
  }
  throw errors.badRequest(`unable to parse requirement: found '${term}', expected a valid label selector`);
}

export function parseLabelSelector(selector: string | null): Matcher {
  if (!selector) return () => true;
  const requirements = splitTerms(selector).map(parseLabelTerm);
  return (obj) => {
    const metadata = isObject(obj.metadata) ? obj.metadata : {};
    const labels = (isObject(metadata.labels) ? metadata.labels : {}) as Record<string, string>;
    return requirements.every((r) => r(labels));
  };
}

const FIELD_READERS: Record<string, (obj: JsonObject) => string> = {
  'metadata.name': (obj) => str((obj.metadata as JsonObject).name ?? ''),
  'metadata.namespace': (obj) => str((obj.metadata as JsonObject).namespace ?? ''),
};

/** Field selectors on `metadata.name` and `metadata.namespace` (what every kind supports). */
export function parseFieldSelector(selector: string | null): Matcher {
  if (!selector) return () => true;
  const checks = splitTerms(selector).map((term) => {
    const match = /^([\w.]+)\s*(==|=|!=)\s*(.*)$/.exec(term);
    if (!match) throw errors.badRequest(`invalid field selector: '${term}'`);
    const [, field, op, value] = match;
    const read = FIELD_READERS[field];
    if (!read) throw errors.badRequest(`field label not supported: ${field}`);
    return op === '!=' ? (obj: JsonObject) => read(obj) !== value : (obj: JsonObject) => read(obj) === value;
  });
  return (obj) => checks.every((c) => c(obj));
}

export function selectorsFrom(query: URLSearchParams): Matcher {
  const labels = parseLabelSelector(query.get('labelSelector'));
  const fields = parseFieldSelector(query.get('fieldSelector'));
  return (obj) => labels(obj) && fields(obj);
}
