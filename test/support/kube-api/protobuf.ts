import type { Json, JsonObject } from './json';
import { errors } from './status-errors';

/**
 * Decodes the protobuf bodies kubectl's typed `create` subcommands send (`kubectl create namespace`,
 * `configmap`, `secret`, `serviceaccount`): the `k8s\0` envelope, then the object by a hand-written
 * field table. Other kinds are refused with 415 (kube-apiserver accepts protobuf for every built-in kind).
 */
type Spec =
  | { name: string; kind: 'string' | 'int' | 'bool' | 'bytes' | 'strings' | 'string-map' | 'bytes-map' }
  | { name: string; kind: 'message' | 'messages'; schema: Schema };
type Schema = Record<number, Spec>;

const OWNER_REFERENCE: Schema = {
  1: { name: 'kind', kind: 'string' },
  3: { name: 'name', kind: 'string' },
  4: { name: 'uid', kind: 'string' },
  5: { name: 'apiVersion', kind: 'string' },
  6: { name: 'controller', kind: 'bool' },
  7: { name: 'blockOwnerDeletion', kind: 'bool' },
};

const OBJECT_META: Schema = {
  1: { name: 'name', kind: 'string' },
  2: { name: 'generateName', kind: 'string' },
  3: { name: 'namespace', kind: 'string' },
  5: { name: 'uid', kind: 'string' },
  6: { name: 'resourceVersion', kind: 'string' },
  7: { name: 'generation', kind: 'int' },
  11: { name: 'labels', kind: 'string-map' },
  12: { name: 'annotations', kind: 'string-map' },
  13: { name: 'ownerReferences', kind: 'messages', schema: OWNER_REFERENCE },
  14: { name: 'finalizers', kind: 'strings' },
};

const metadata: Spec = { name: 'metadata', kind: 'message', schema: OBJECT_META };

const KINDS: Record<string, Schema> = {
  'v1/Namespace': { 1: metadata, 2: { name: 'spec', kind: 'message', schema: { 1: { name: 'finalizers', kind: 'strings' } } } },
  'v1/ConfigMap': { 1: metadata, 2: { name: 'data', kind: 'string-map' }, 3: { name: 'binaryData', kind: 'bytes-map' }, 4: { name: 'immutable', kind: 'bool' } },
  'v1/Secret': {
    1: metadata,
    2: { name: 'data', kind: 'bytes-map' },
    3: { name: 'type', kind: 'string' },
    4: { name: 'stringData', kind: 'string-map' },
    5: { name: 'immutable', kind: 'bool' },
  },
  'v1/ServiceAccount': {
    1: metadata,
    3: { name: 'imagePullSecrets', kind: 'messages', schema: { 1: { name: 'name', kind: 'string' } } },
    4: { name: 'automountServiceAccountToken', kind: 'bool' },
  },
};

interface Field {
  number: number;
  varint?: bigint;
  bytes?: Buffer;
}

function readVarint(buf: Buffer, at: { pos: number }): bigint {
  let result = 0n;
  let shift = 0n;
  for (;;) {
    if (at.pos >= buf.length) throw errors.badRequest('truncated protobuf body');
    const byte = buf[at.pos++];
    result |= BigInt(byte & 0x7f) << shift;
    if ((byte & 0x80) === 0) return result;
    shift += 7n;
  }
}

function readFields(buf: Buffer): Field[] {
  const fields: Field[] = [];
  const at = { pos: 0 };
  while (at.pos < buf.length) {
    const key = Number(readVarint(buf, at));
    const number = key >>> 3;
    const wire = key & 7;
    if (wire === 0) fields.push({ number, varint: readVarint(buf, at) });
    else if (wire === 2) {
      const length = Number(readVarint(buf, at));
      fields.push({ number, bytes: buf.subarray(at.pos, at.pos + length) });
      at.pos += length;
    } else if (wire === 1) at.pos += 8;
    else if (wire === 5) at.pos += 4;
    else throw errors.badRequest(`unsupported protobuf wire type ${wire}`);
  }
  return fields;
}

function decodeMapEntry(bytes: Buffer): [string, Buffer] {
  let key = '';
  let value: Buffer = Buffer.alloc(0);
  for (const f of readFields(bytes)) {
    if (f.number === 1 && f.bytes) key = f.bytes.toString('utf8');
    if (f.number === 2 && f.bytes) value = f.bytes;
  }
  return [key, value];
}

function decodeMessage(buf: Buffer, schema: Schema): JsonObject {
  const out: JsonObject = {};
  for (const field of readFields(buf)) {
    const spec = schema[field.number];
    if (!spec) continue;
    const text = field.bytes?.toString('utf8') ?? '';
    switch (spec.kind) {
      // Go encodes zero values of optional scalars; JSON omits them (omitempty), so drop them here too.
      case 'string':
        if (text !== '') out[spec.name] = text;
        break;
      case 'int':
        if (field.varint) out[spec.name] = Number(field.varint);
        break;
      case 'bool':
        if (field.varint) out[spec.name] = true;
        break;
      case 'bytes':
        out[spec.name] = (field.bytes ?? Buffer.alloc(0)).toString('base64');
        break;
      case 'strings':
        out[spec.name] = [...((out[spec.name] as Json[] | undefined) ?? []), text];
        break;
      case 'string-map':
      case 'bytes-map': {
        const [key, value] = decodeMapEntry(field.bytes ?? Buffer.alloc(0));
        const map = (out[spec.name] as JsonObject | undefined) ?? {};
        map[key] = spec.kind === 'string-map' ? value.toString('utf8') : value.toString('base64');
        out[spec.name] = map;
        break;
      }
      case 'message':
        out[spec.name] = decodeMessage(field.bytes ?? Buffer.alloc(0), spec.schema);
        break;
      case 'messages':
        out[spec.name] = [...((out[spec.name] as Json[] | undefined) ?? []), decodeMessage(field.bytes ?? Buffer.alloc(0), spec.schema)];
        break;
    }
  }
  return out;
}

const MAGIC = Buffer.from([0x6b, 0x38, 0x73, 0x00]);

export function decodeProtobufObject(body: Buffer): JsonObject {
  if (body.length < 4 || !body.subarray(0, 4).equals(MAGIC)) throw errors.badRequest('protobuf body without the k8s envelope');
  // runtime.Unknown: 1 typeMeta {1 apiVersion, 2 kind}, 2 raw.
  let apiVersion = '';
  let kind = '';
  let raw: Buffer = Buffer.alloc(0);
  for (const f of readFields(body.subarray(4))) {
    if (f.number === 1 && f.bytes) {
      for (const t of readFields(f.bytes)) {
        if (t.number === 1 && t.bytes) apiVersion = t.bytes.toString('utf8');
        if (t.number === 2 && t.bytes) kind = t.bytes.toString('utf8');
      }
    }
    if (f.number === 2 && f.bytes) raw = f.bytes;
  }
  const schema = KINDS[`${apiVersion}/${kind}`];
  if (!schema) throw errors.unsupportedMediaType('application/vnd.kubernetes.protobuf', ['application/json', 'application/yaml']);
  return { apiVersion, kind, ...decodeMessage(raw, schema) };
}
