import SwaggerParser from '@apidevtools/swagger-parser';
import Ajv, { type ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import type { OpenAPIV3 } from 'openapi-types';
import { parse } from 'yaml';
import type { TestHub } from './test-hub';

const METHODS = ['get', 'put', 'post', 'patch', 'delete'] as const;

/** One operation of the served document, with its `$ref`s resolved. */
export interface Operation {
  /** `POST /api/v1/clusters/{name}/check`: how tests name an operation. */
  key: string;
  method: (typeof METHODS)[number];
  path: string;
  spec: OpenAPIV3.OperationObject;
}

export interface ServedDocument {
  /** As served. */
  raw: OpenAPIV3.Document;
  /** Validated by swagger-parser and dereferenced: schemas are plain objects ajv can compile. */
  resolved: OpenAPIV3.Document;
  operations: Operation[];
}

/** `/api/openapi.json` from a running hub; swagger-parser rejects it unless it is a valid OpenAPI 3.0 document. */
export async function fetchServedDocument(hub: TestHub): Promise<ServedDocument> {
  const response = await hub.http.get('/api/openapi.json').expect(200);
  const raw = response.body as OpenAPIV3.Document;
  // validate() dereferences in place, so it gets a copy.
  const resolved = (await SwaggerParser.validate(structuredClone(raw))) as OpenAPIV3.Document;
  const operations = Object.entries(resolved.paths).flatMap(([path, item]) =>
    METHODS.flatMap((method) => {
      const spec = item?.[method];
      return spec ? [{ key: `${method.toUpperCase()} ${path}`, method, path, spec }] : [];
    }),
  );
  return { raw, resolved, operations };
}

export function pathParameters(operation: Operation): OpenAPIV3.ParameterObject[] {
  return ((operation.spec.parameters ?? []) as OpenAPIV3.ParameterObject[]).filter((parameter) => parameter.in === 'path');
}

export function queryParameters(operation: Operation): OpenAPIV3.ParameterObject[] {
  return ((operation.spec.parameters ?? []) as OpenAPIV3.ParameterObject[]).filter((parameter) => parameter.in === 'query');
}

/** The JSON request body schema, if the operation takes a body. */
export function requestBodySchema(operation: Operation): OpenAPIV3.SchemaObject | undefined {
  const body = operation.spec.requestBody as OpenAPIV3.RequestBodyObject | undefined;
  return body?.content['application/json']?.schema as OpenAPIV3.SchemaObject | undefined;
}

/** The operation's path with each `{param}` replaced by its (already encoded) value. */
export function fillPath(operation: Operation, encoded: Record<string, string>): string {
  return operation.path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const value = encoded[name];
    if (value === undefined) throw new Error(`${operation.key}: no value for the path parameter "${name}"`);
    return value;
  });
}

export interface Answer {
  status: number;
  headers: Record<string, string>;
  /** The raw body ('' when there is none). */
  text: string;
  /** The body as supertest parsed it (JSON). */
  body: unknown;
}

/** Checks real answers against the document: the status must be documented, and the body must match its schema. */
export class AnswerChecker {
  private readonly ajv = new Ajv({ strict: false, allErrors: true });
  private readonly compiled = new WeakMap<object, ValidateFunction>();

  constructor() {
    addFormats(this.ajv);
  }

  /** What is wrong with an answer to `operation`; empty when it is as documented. */
  problems(operation: Operation, answer: Answer): string[] {
    const documented = operation.spec.responses[String(answer.status)] as OpenAPIV3.ResponseObject | undefined;
    if (!documented) return [`status ${answer.status} is not documented (documented: ${Object.keys(operation.spec.responses).join(', ')})`];
    const mediaType = (answer.headers['content-type'] ?? '').split(';')[0].trim();
    if (answer.text === '') return documented.content ? [`status ${answer.status} documents a body, but the answer has none`] : [];
    const schema = documented.content?.[mediaType]?.schema;
    if (!schema) return [`status ${answer.status} documents no schema for ${mediaType || 'an answer without a content type'}`];
    const validate = this.validatorFor(schema);
    const body = mediaType === 'application/yaml' ? parse(answer.text) : answer.body;
    if (validate(body)) return [];
    return (validate.errors ?? []).map((error) => `status ${answer.status}: ${error.instancePath || '(body)'} ${error.message ?? ''} ${JSON.stringify(error.params)}`);
  }

  private validatorFor(schema: object): ValidateFunction {
    let validate = this.compiled.get(schema);
    if (!validate) {
      validate = this.ajv.compile(schema);
      this.compiled.set(schema, validate);
    }
    return validate;
  }
}

/** A supertest answer as the checker takes it. */
export function answerOf(response: { status: number; headers: Record<string, string>; text: string; body: unknown }): Answer {
  return { status: response.status, headers: response.headers, text: response.text ?? '', body: response.body };
}
