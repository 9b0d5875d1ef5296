import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { jsonText } from './json';
import { decodeProtobufObject } from './protobuf';
import { KubeError, errors } from './status-errors';

// kube-apiserver's own request body limit.
const MAX_BODY_BYTES = 3 * 1024 * 1024;

export async function readBody(req: IncomingMessage): Promise<string> {
  return (await readRawBody(req)).toString('utf8');
}

async function readRawBody(req: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    const buffer = chunk as Buffer;
    size += buffer.length;
    if (size > MAX_BODY_BYTES) throw new KubeError(413, 'RequestEntityTooLarge', 'the request body is too large');
    chunks.push(buffer);
  }
  return Buffer.concat(chunks);
}

const OBJECT_MEDIA_TYPES = ['', 'application/json', 'application/yaml', '*/*'];

/** Reads a create/update body: JSON, YAML, or the protobuf kubectl's typed create subcommands send. */
export async function readObjectBody(req: IncomingMessage): Promise<unknown> {
  const mediaType = (req.headers['content-type'] ?? '').split(';')[0].trim();
  if (mediaType === 'application/vnd.kubernetes.protobuf') return decodeProtobufObject(await readRawBody(req));
  if (!OBJECT_MEDIA_TYPES.includes(mediaType)) throw errors.unsupportedMediaType(mediaType, ['application/json', 'application/yaml']);
  return parseBody(await readBody(req), mediaType === 'application/yaml');
}

/** Parses a JSON body, or YAML for apply patches (JSON is valid YAML too). */
export function parseBody(text: string, yaml: boolean): unknown {
  if (text.trim() === '') throw errors.badRequest('the request body is empty');
  try {
    // Clients (kubectl, client-node) send apply configurations as JSON, which is valid YAML: parse it as JSON, faster.
    const json = !yaml || text.trimStart().startsWith('{');
    return json ? JSON.parse(text) : parseYaml(text, { version: '1.1' });
  } catch (cause) {
    throw errors.badRequest(`error decoding the request body: ${(cause as Error).message}`);
  }
}

/** Sends a body as JSON; a stored object's text is serialized once and then reused (see `jsonText`). */
export function sendJson(res: ServerResponse, code: number, body: unknown, headers: Record<string, string> = {}): void {
  sendJsonText(res, code, jsonText(body), headers);
}

/** Sends JSON text as it is. */
export function sendJsonText(res: ServerResponse, code: number, payload: string, headers: Record<string, string> = {}): void {
  res.writeHead(code, {
    'Content-Type': 'application/json',
    'Content-Length': Buffer.byteLength(payload),
    'Cache-Control': 'no-cache, private',
    ...headers,
  });
  res.end(payload);
}

export function sendError(res: ServerResponse, error: unknown): void {
  const kubeError = error instanceof KubeError ? error : errors.internal((error as Error).message ?? String(error));
  const headers: Record<string, string> = {};
  const retryAfter = kubeError.details?.retryAfterSeconds;
  if (retryAfter !== undefined) headers['Retry-After'] = String(retryAfter);
  sendJson(res, kubeError.code, kubeError.toStatus(), headers);
}
