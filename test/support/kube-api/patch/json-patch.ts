import { clone, deepEqual, isObject, type Json } from '../json';
import { errors } from '../status-errors';

/** RFC 6902 JSON patch (add, remove, replace, move, copy, test) over RFC 6901 pointers. */
interface Operation {
  op: string;
  path: string;
  from?: string;
  value?: Json;
}

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw errors.badRequest(`invalid JSON pointer: ${pointer}`);
  return pointer
    .slice(1)
    .split('/')
    .map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function arrayIndex(array: Json[], token: string, forInsert: boolean): number {
  if (forInsert && token === '-') return array.length;
  if (!/^(0|[1-9]\d*)$/.test(token)) throw errors.badRequest(`invalid array index: ${token}`);
  const index = Number(token);
  if (index > array.length || (!forInsert && index === array.length)) throw errors.badRequest(`array index out of bounds: ${token}`);
  return index;
}

function parentOf(doc: Json, tokens: string[], pointer: string): { parent: Json; last: string } {
  if (tokens.length === 0) throw errors.badRequest(`cannot operate on the whole document: ${pointer}`);
  let current = doc;
  for (const token of tokens.slice(0, -1)) {
    if (Array.isArray(current)) current = current[arrayIndex(current, token, false)];
    else if (isObject(current) && token in current) current = current[token];
    else throw errors.badRequest(`path not found: ${pointer}`);
  }
  return { parent: current, last: tokens[tokens.length - 1] };
}

function read(doc: Json, pointer: string): Json {
  let current = doc;
  for (const token of parsePointer(pointer)) {
    if (Array.isArray(current)) current = current[arrayIndex(current, token, false)];
    else if (isObject(current) && token in current) current = current[token];
    else throw errors.badRequest(`path not found: ${pointer}`);
  }
  return current;
}

function add(doc: Json, pointer: string, value: Json): void {
  const { parent, last } = parentOf(doc, parsePointer(pointer), pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, true), 0, value);
  else if (isObject(parent)) parent[last] = value;
  else throw errors.badRequest(`path not found: ${pointer}`);
}

function remove(doc: Json, pointer: string): void {
  const { parent, last } = parentOf(doc, parsePointer(pointer), pointer);
  if (Array.isArray(parent)) parent.splice(arrayIndex(parent, last, false), 1);
  else if (isObject(parent) && last in parent) delete parent[last];
  else throw errors.badRequest(`path not found: ${pointer}`);
}

export function jsonPatch(target: Json, operations: unknown): Json {
  if (!Array.isArray(operations)) throw errors.badRequest('a JSON patch must be an array of operations');
  const doc = clone(target);
  for (const raw of operations) {
    if (!isObject(raw) || typeof raw.op !== 'string' || typeof raw.path !== 'string') {
      throw errors.badRequest('each JSON patch operation needs "op" and "path"');
    }
    const op = raw as unknown as Operation;
    switch (op.op) {
      case 'add':
        add(doc, op.path, clone(op.value ?? null));
        break;
      case 'remove':
        remove(doc, op.path);
        break;
      case 'replace':
        remove(doc, op.path);
        add(doc, op.path, clone(op.value ?? null));
        break;
      case 'move': {
        const value = read(doc, op.from ?? '');
        remove(doc, op.from ?? '');
        add(doc, op.path, value);
        break;
      }
      case 'copy':
        add(doc, op.path, clone(read(doc, op.from ?? '')));
        break;
      case 'test':
        if (!deepEqual(read(doc, op.path), op.value)) throw errors.invalid({ group: '', resource: '', kind: 'JSONPatch' }, [{ message: `test operation failed at ${op.path}`, field: op.path }]);
        break;
      default:
        throw errors.badRequest(`unknown JSON patch operation: ${op.op}`);
    }
  }
  return doc;
}
