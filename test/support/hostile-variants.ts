import type { OpenAPIV3 } from 'openapi-types';
import type { ApiExample } from './api-examples';
import { type Operation, pathParameters, queryParameters, requestBodySchema } from './openapi';

/*
 * Hostile variants of a request, derived from the OpenAPI document so that a new operation, parameter or body field
 * is covered without editing the sweep. Each variant changes one thing of an otherwise valid request.
 */

type Schema = OpenAPIV3.SchemaObject;
type Segment = string | number;

export interface Variant {
  /** The class of hostile input (`path:nul`, `body:wrong-type`, ...). */
  kind: string;
  /** Which parameter or field, and how. */
  detail: string;
  /** Path parameter values, already encoded. */
  path: Record<string, string>;
  /** The raw query string (already encoded), without `?`. */
  query: string;
  body?: { raw: string; contentType: string };
}

const LONG_PATH_SEGMENT = 10_000;
const LONG_QUERY_VALUE = 5_000;
const NESTING_DEPTH = 200;

/** The request every variant starts from: the operation's example, or no body and placeholder path values. */
export function baselineOf(operation: Operation, example: ApiExample | undefined): Omit<Variant, 'kind' | 'detail'> {
  const path = Object.fromEntries(pathParameters(operation).map((parameter) => [parameter.name, encodeURIComponent(example?.path?.[parameter.name] ?? 'sweep')]));
  const query = new URLSearchParams(example?.query).toString();
  if (example?.body === undefined) return { path, query };
  return { path, query, body: { raw: JSON.stringify(example.body), contentType: example.contentType ?? 'application/json' } };
}

export function pathVariants(operation: Operation, baseline: Omit<Variant, 'kind' | 'detail'>): Variant[] {
  return pathParameters(operation).flatMap((parameter) => {
    const hostile: [string, string][] = [
      ['path:nul', '%00'],
      ['path:surrogate', '%ED%A0%80'],
      ['path:long', 'a'.repeat(LONG_PATH_SEGMENT)],
    ];
    if ((parameter.schema as Schema | undefined)?.format === 'uuid') hostile.push(['path:non-uuid', 'not-a-uuid']);
    return hostile.map(([kind, value]) => ({ ...baseline, kind, detail: parameter.name, path: { ...baseline.path, [parameter.name]: value } }));
  });
}

export function queryVariants(operation: Operation, baseline: Omit<Variant, 'kind' | 'detail'>): Variant[] {
  const parameters = queryParameters(operation);
  if (parameters.length === 0) return [];
  // Each variant changes one parameter of the example's query and keeps the others valid.
  const withOthers = (name: string, hostile: string) => {
    const others = new URLSearchParams(baseline.query);
    others.delete(name);
    return [others.toString(), hostile].filter(Boolean).join('&');
  };
  const variants = parameters.flatMap((parameter) => {
    const valid = encodeURIComponent(sampleValue(parameter.schema as Schema | undefined));
    return [
      { kind: 'query:nul', detail: parameter.name, query: withOthers(parameter.name, `${parameter.name}=%00`) },
      { kind: 'query:long', detail: parameter.name, query: withOthers(parameter.name, `${parameter.name}=${'a'.repeat(LONG_QUERY_VALUE)}`) },
      { kind: 'query:repeated', detail: parameter.name, query: withOthers(parameter.name, `${parameter.name}=${valid}&${parameter.name}=${valid}`) },
    ];
  });
  variants.push({ kind: 'query:unknown', detail: 'sweepUnknown', query: withOthers('sweepUnknown', 'sweepUnknown=1') });
  return variants.map((variant) => ({ ...baseline, ...variant }));
}

function sampleValue(schema: Schema | undefined): string {
  if (schema?.enum?.length) return String(schema.enum[0]);
  if (schema?.type === 'integer' || schema?.type === 'number') return String(schema.minimum ?? 1);
  return 'x';
}

/** Body variants: wrong types and hostile strings in every documented field, and hostile documents as a whole. */
export function bodyVariants(operation: Operation, example: ApiExample | undefined, bodyLimitBytes: number, baseline: Omit<Variant, 'kind' | 'detail'>): Variant[] {
  const schema = requestBodySchema(operation);
  if (!schema) return [];
  if (example?.body === undefined) throw new Error(`${operation.key} takes a body but test/support/api-examples.ts has no example body for it`);
  const fields = documentedFields(schema, example.body);
  const json = (kind: string, detail: string, body: unknown): Variant => ({ ...baseline, kind, detail, body: { raw: JSON.stringify(body), contentType: 'application/json' } });
  const raw = (kind: string, detail: string, text: string, contentType = 'application/json'): Variant => ({ ...baseline, kind, detail, body: { raw: text, contentType } });
  const strings = fields.filter((field) => field.schema.type === 'string' && typeof field.value === 'string');
  const firstString = strings[0];
  const variants: Variant[] = [
    ...fields.flatMap((field) =>
      wrongValues(field.schema).map((wrong) => json('body:wrong-type', `${format(field.path)}: ${field.schema.type} → ${describe(wrong)}`, setAt(example.body, field.path, wrong))),
    ),
    ...fields
      .filter((field) => field.schema.type === 'string' && field.schema.maxLength !== undefined)
      .map((field) => json('body:oversized', `${format(field.path)}: maxLength ${field.schema.maxLength} + 1`, setAt(example.body, field.path, 'x'.repeat((field.schema.maxLength ?? 0) + 1)))),
    ...strings.map((field) => json('body:nul', format(field.path), setAt(example.body, field.path, `${String(field.value)}\u0000`))),
    ...strings.map((field) => json('body:surrogate', format(field.path), setAt(example.body, field.path, `${String(field.value)}\ud800`))),
    json('body:deep', `depth ${NESTING_DEPTH} under an extra field`, { ...(example.body as object), sweepNested: nested(NESTING_DEPTH) }),
    raw('body:proto', '__proto__ key at the top', `{"__proto__":{"sweepPolluted":"yes"},${JSON.stringify(example.body).slice(1)}`),
    raw('body:null', 'null', 'null'),
    raw('body:array', '[]', '[]'),
    raw('body:yaml-bomb', 'billion laughs', BILLION_LAUGHS, 'application/yaml'),
    raw('body:yaml-undefined-alias', '*nowhere', 'apiVersion: *nowhere\n', 'application/yaml'),
  ];
  if (firstString) variants.push(json('body:oversized', `${format(firstString.path)}: larger than BODY_LIMIT`, setAt(example.body, firstString.path, 'x'.repeat(bodyLimitBytes + 1))));
  if ((operation.spec.requestBody as OpenAPIV3.RequestBodyObject).required) variants.push(raw('body:empty', 'no body', ''));
  return variants;
}

interface Field {
  path: Segment[];
  schema: Schema;
  value: unknown;
}

/**
 * Every field the schema documents below the example's objects and first array items (present in the example or
 * not), with the schema branch that fits the example where there is a choice (`anyOf`).
 */
function documentedFields(schema: Schema, example: unknown): Field[] {
  const fields: Field[] = [];
  const visit = (candidate: Schema, path: Segment[]) => {
    const value = valueAt(example, path);
    const resolved = branchFor(candidate, value);
    if (path.length > 0 && resolved.type !== undefined) fields.push({ path, schema: resolved, value });
    if (resolved.type === 'object' && isObject(value)) {
      for (const [key, child] of Object.entries(resolved.properties ?? {})) visit(child as Schema, [...path, key]);
      const others = resolved.additionalProperties;
      if (typeof others === 'object') for (const key of Object.keys(value).filter((key) => !(key in (resolved.properties ?? {})))) visit(others as Schema, [...path, key]);
    }
    if (resolved.type === 'array' && Array.isArray(value) && value.length > 0) visit(resolved.items as Schema, [...path, 0]);
  };
  visit(schema, []);
  return fields;
}

function branchFor(schema: Schema, value: unknown): Schema {
  const branches = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  if (!branches) return schema;
  const fits = (branch: Schema) => (branch.required ?? []).every((key) => isObject(value) && key in value);
  return branches.find(fits) ?? branches[0];
}

function wrongValues(schema: Schema): unknown[] {
  switch (schema.type) {
    case 'string':
      return [12345, { sweep: 'object' }, ['array']];
    case 'integer':
    case 'number':
      return ['12', { sweep: 'object' }];
    case 'boolean':
      return ['true', 1];
    case 'object':
      return ['string', ['array']];
    case 'array':
      return [{ sweep: 'object' }, 'string'];
    default:
      return [];
  }
}

const BILLION_LAUGHS = [
  'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]',
  ...['b', 'c', 'd', 'e', 'f', 'g', 'h', 'i'].map((name, index) => `${name}: &${name} [${Array(9).fill(`*${String.fromCharCode(97 + index)}`).join(',')}]`),
  'apiVersion: *i',
].join('\n');

function nested(depth: number): unknown {
  let value: unknown = 'bottom';
  for (let level = 0; level < depth; level++) value = { nested: value };
  return value;
}

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === 'object' && !Array.isArray(value);

function valueAt(root: unknown, path: Segment[]): unknown {
  return path.reduce<unknown>((value, segment) => (value as Record<Segment, unknown> | undefined)?.[segment], root);
}

/** A copy of `root` with the value at `path` replaced (its parent exists: fields are found below the example's values). */
function setAt(root: unknown, path: Segment[], value: unknown): unknown {
  if (path.length === 0) return value;
  const copy = structuredClone(root) as Record<Segment, unknown>;
  const parent = valueAt(copy, path.slice(0, -1)) as Record<Segment, unknown>;
  parent[path[path.length - 1]] = value;
  return copy;
}

const format = (path: Segment[]) => path.map((segment) => (typeof segment === 'number' ? `[${segment}]` : `.${segment}`)).join('').replace(/^\./, '') || '(body)';
const describe = (value: unknown) => (Array.isArray(value) ? 'array' : value === null ? 'null' : typeof value);
