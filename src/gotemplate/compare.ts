/**
 * text/template's comparison functions with Go's basic-kind rules: values compare only within a kind
 * (an int constant never equals a float64 from JSON: that is an error in Go, and so here), and eq
 * treats a missing value as nil. Integers of named types (time.Month) compare by kind, as Go's do; structs
 * (time.Time) only with eq, by Go's ==.
 */
import { GoObject, GoValue, formatValue, goTypeName, kindOf } from './value';

type BasicKind = 'bool' | 'int' | 'float' | 'string' | 'invalid';

function basicKind(value: GoValue): BasicKind {
  switch (kindOf(value)) {
    case 'bool':
      return 'bool';
    case 'int':
    case 'int64':
      return 'int';
    case 'float64':
      return 'float';
    case 'string':
      return 'string';
    default:
      return 'invalid';
  }
}

const isNil = (value: GoValue): boolean => value === undefined || value === null;

/** The value a basic kind compares by: a named integer type compares as its integer. */
const basicValue = (value: GoValue): GoValue => (value instanceof GoObject && value.integer !== undefined ? value.integer : value);

export function eq(first: GoValue, others: GoValue[]): boolean {
  if (others.length === 0) throw new Error('missing argument for comparison');
  const k1 = basicKind(first);
  for (const other of others) {
    const k2 = basicKind(other);
    if (k1 !== k2) {
      if (!isNil(first) && !isNil(other)) {
        throw new Error(`incompatible types for comparison: ${goTypeName(first)} and ${goTypeName(other)}`);
      }
      continue;
    }
    if (k1 !== 'invalid') {
      if (basicValue(first) === basicValue(other)) return true;
      continue;
    }
    // Neither is a basic kind: nil, slices and maps. Go compares nil with anything nillable, nothing else.
    if (isNil(first) || isNil(other)) {
      if (isNil(first) === isNil(other)) return true;
      continue;
    }
    if (kindOf(first) !== kindOf(other)) {
      throw new Error(`non-comparable types ${formatValue(first)}: ${goTypeName(first)}, ${goTypeName(other)}: ${formatValue(other)}`);
    }
    // Structs are comparable: interface values are equal when their types and fields are.
    if (first instanceof GoObject && other instanceof GoObject) {
      if (first.typeName === other.typeName && first.equals(other)) return true;
      continue;
    }
    throw new Error(`non-comparable type ${formatValue(other)}: ${goTypeName(other)}`);
  }
  return false;
}

export function ne(a: GoValue, b: GoValue): boolean {
  return !eq(a, [b]);
}

export function lt(a: GoValue, b: GoValue): boolean {
  const k1 = basicKind(a);
  const k2 = basicKind(b);
  if (k1 === 'invalid' || k2 === 'invalid') throw new Error('invalid type for comparison');
  if (k1 !== k2) throw new Error(`incompatible types for comparison: ${goTypeName(a)} and ${goTypeName(b)}`);
  if (k1 === 'bool') throw new Error('invalid type for comparison');
  if (k1 === 'string') return compareBytes(a as string, b as string) < 0;
  return (basicValue(a) as number | bigint) < (basicValue(b) as number | bigint);
}

export function le(a: GoValue, b: GoValue): boolean {
  return lt(a, b) || eq(a, [b]);
}

export function gt(a: GoValue, b: GoValue): boolean {
  return !le(a, b);
}

export function ge(a: GoValue, b: GoValue): boolean {
  return !lt(a, b);
}

/** Go compares strings byte-wise (UTF-8), which differs from UTF-16 order only above the BMP. */
function compareBytes(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
