import { applyDecorators } from '@nestjs/common';
import { ApiBody, ApiQuery, ApiResponse, DECORATORS, type ReferenceObject, type SchemaObject } from '@nestjs/swagger';
import { z } from 'zod';
import { ERROR_STATUS } from '../errors/error-codes';

/*
 * The OpenAPI 3.0 document is written from the same zod schemas that validate requests, and from zod schemas
 * of every answer (next to each resource), so the document cannot drift from what the hub accepts and returns.
 * zod's default output is JSON Schema 2020-12, which OpenAPI 3.0 tools reject; everything here goes through
 * its `openapi-3.0` target instead.
 */

type OpenApiSchema = SchemaObject | ReferenceObject;
type Io = 'input' | 'output';

const COMPONENTS = '#/components/schemas/';

// Named schemas are listed once under components.schemas, so generated clients get one type per shape. Request
// schemas are converted as input (a defaulted field may be left out), responses as output (it is always there).
const requestComponents = z.registry<{ id: string }>();
const responseComponents = z.registry<{ id: string }>();
const componentIds = new Set<string>();

function nameComponent<T extends z.ZodType>(registry: z.core.$ZodRegistry<{ id: string }>, id: string, schema: T): T {
  if (componentIds.has(id)) throw new Error(`OpenAPI component "${id}" is defined twice`);
  componentIds.add(id);
  registry.add(schema as z.core.$ZodType, { id });
  return schema;
}

/** Names a request body schema in the document's components. */
export function requestComponent<T extends z.ZodType>(id: string, schema: T): T {
  return nameComponent(requestComponents, id, schema);
}

/** Names a response schema in the document's components; every documented answer uses one. */
export function responseComponent<T extends z.ZodType>(id: string, schema: T): T {
  return nameComponent(responseComponents, id, schema);
}

/** Every named schema in OpenAPI 3.0 form, for the document's `components.schemas`. */
export function schemaComponents(): Record<string, SchemaObject> {
  const convert = (registry: z.core.$ZodRegistry<{ id: string }>, io: Io) => {
    const { schemas } = z.toJSONSchema(registry, { target: 'openapi-3.0', io, unrepresentable: 'any', uri: (id) => `${COMPONENTS}${id}` });
    // zod parks recursive schemas it could not name under `__shared`; OpenAPI 3.0 has no place for them.
    if ('__shared' in schemas) throw new Error('A recursive OpenAPI schema needs a component name of its own');
    return schemas;
  };
  const all = { ...convert(requestComponents, 'input'), ...convert(responseComponents, 'output') };
  return Object.fromEntries(Object.entries(all).map(([id, schema]) => [id, toOpenApi30(schema) as SchemaObject]));
}

/** A zod schema as an OpenAPI 3.0 schema: a `$ref` when it is a named component, inline otherwise. */
export function openApiSchema(schema: z.ZodType, io: Io): OpenApiSchema {
  const id = (io === 'input' ? requestComponents : responseComponents).get(schema)?.id;
  if (id !== undefined) return { $ref: `${COMPONENTS}${id}` };
  const converted = z.toJSONSchema(schema, { target: 'openapi-3.0', io, unrepresentable: 'any' });
  if ('definitions' in converted) throw new Error('A recursive OpenAPI schema needs a component name of its own');
  return toOpenApi30(converted) as SchemaObject;
}

/** Keys zod adds that OpenAPI 3.0 schema objects do not allow. */
const JSON_SCHEMA_ONLY = new Set(['$schema', '$id']);

function toOpenApi30(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(toOpenApi30);
  if (value === null || typeof value !== 'object') return value;
  const result: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (JSON_SCHEMA_ONLY.has(key)) continue;
    // zod writes "any other field" as `{}`; `true` says the same and reads as what it means.
    const anything = key === 'additionalProperties' && isEmptyObject(child);
    result[key] = anything ? true : toOpenApi30(child);
  }
  return result;
}

function isEmptyObject(value: unknown): boolean {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && Object.keys(value).length === 0;
}

/** The one error body every 4xx and 5xx has. */
export const errorBodySchema = responseComponent(
  'Error',
  z.object({
    statusCode: z.int().describe('The HTTP status, repeated'),
    code: z.enum([...(Object.keys(ERROR_STATUS) as [keyof typeof ERROR_STATUS]), 'Error']).describe('Stable machine-readable reason'),
    message: z.string().describe('Human-readable; never quotes the request body'),
    details: z.array(z.object({ field: z.string(), reason: z.string() })).optional().describe('One row per invalid field'),
  }),
);

/** One page of a keyset-paginated list: pass `nextCursor` back as `?cursor=` for the next page. */
export function pageSchema<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().optional().describe('Absent on the last page') });
}

/** An RFC 3339 timestamp in UTC, as the hub writes them. */
export const timestamp = () => z.iso.datetime();

/** A time a client sends: RFC 3339 with an offset (`Z` or `+02:00`; a `+` in a query string is sent as `%2B`). */
export const rfc3339Time = () => z.iso.datetime({ offset: true, error: 'an RFC 3339 time, e.g. 2026-01-31T12:00:00Z' });

// Names are at most 253 characters (DNS subdomains, cluster names); a longer filter is a mistake, not a miss.
export const nameFilter = z.string().min(1).max(253);

/** Which Kubernetes object a result is about. */
export const kubeObjectKey = { group: z.string(), kind: z.string(), namespace: z.string(), name: z.string() };

/** What a sync did to one object. */
export const resourceActionSchema = z.enum(['created', 'configured', 'unchanged', 'pruned', 'failed']);

const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: 'The request is invalid; `details` names each field and what is wrong with it',
  401: 'No bearer token, or an invalid or expired one',
  403: "The token's role does not allow this",
  404: 'Not found',
  409: 'Conflicts with what exists',
  413: 'The body is larger than BODY_LIMIT',
  415: 'The body is neither JSON nor YAML',
  422: 'Understood, but it cannot be done; the message says why',
  500: 'Internal error; the hub logs the cause',
  503: 'Temporarily unavailable; retry later',
};

/**
 * Statuses any operation may answer: a malformed path or query parameter (the input guard checks every route),
 * authentication and role checks, an internal error, an unavailable hub or database.
 */
const ANY_OPERATION = [400, 401, 403, 500, 503];

type ErrorAnswer = number | { status: number; description: string };

/**
 * Error answers of an operation (besides 400, 401, 403, 500 and 503, which every operation has), all with the
 * error body. A status given with its own description replaces the generic one, whichever decorator came first.
 */
export function ApiErrors(...errors: ErrorAnswer[]): MethodDecorator {
  const generic = [...ANY_OPERATION, ...errors.filter((error) => typeof error === 'number')];
  const described = errors.filter((error) => typeof error !== 'number');
  return applyDecorators(
    ...generic.map((status) => errorAnswer(status, ERROR_DESCRIPTIONS[status], false)),
    ...described.map(({ status, description }) => errorAnswer(status, description, true)),
  );
}

// @nestjs/swagger joins the descriptions of two decorators for one status, so each error status is written once.
function errorAnswer(status: number, description: string | undefined, replace: boolean): MethodDecorator {
  if (!(status >= 400 && description)) throw new Error(`No description for error status ${status}`);
  // Errors are always JSON, also where successful answers can be YAML.
  const answer = ApiResponse({ status, description, content: { 'application/json': { schema: openApiSchema(errorBodySchema, 'output') } } });
  return (target, key, descriptor) => {
    const documented = (Reflect.getMetadata(DECORATORS.API_RESPONSE, descriptor.value as object) ?? {}) as Record<string, unknown>;
    if (documented[status] !== undefined) {
      if (!replace) return descriptor;
      const { [status]: _replaced, ...others } = documented;
      Reflect.defineMetadata(DECORATORS.API_RESPONSE, others, descriptor.value as object);
    }
    return answer(target, key, descriptor);
  };
}

/** A successful answer with its body (a named response component), or `null` for an answer without one. */
export function ApiAnswer(status: number, schema: z.ZodType | null, description: string): MethodDecorator {
  if (schema === null) return ApiResponse({ status, description });
  if (!responseComponents.has(schema)) throw new Error(`The ${status} answer's schema is not a named response component`);
  return ApiResponse({ status, description, schema: openApiSchema(schema, 'output') });
}

/** The request body, validated by `schema`; bodies may also be refused as malformed, too large or of another type. */
export function ApiRequestBody(schema: z.ZodType, options: { required?: boolean; description?: string } = {}): MethodDecorator {
  return applyDecorators(
    ApiBody({ schema: openApiSchema(schema, 'input'), required: options.required ?? true, description: options.description }),
    ApiErrors(413, 415),
  );
}

/** One query parameter per field of the (strict) zod object that validates the query. */
export function ApiQueryParameters(schema: z.ZodObject): MethodDecorator {
  const parameters = Object.entries(schema.shape).map(([name, field]) => {
    const fieldSchema = openApiSchema(field as z.ZodType, 'input') as SchemaObject;
    const { description, ...rest } = fieldSchema;
    return ApiQuery({ name, required: !(field as z.ZodType).safeParse(undefined).success, description, schema: rest });
  });
  return applyDecorators(...parameters);
}
