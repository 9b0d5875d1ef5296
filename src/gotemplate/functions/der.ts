/**
 * A small DER (ASN.1 Distinguished Encoding Rules) encoder and reader: enough to build X.509 certificates as Go's
 * crypto/x509 writes them and to read back the parts sprig's functions need (a CA's subject, key identifier and public
 * key; PKCS#8 and DSA keys). Node can sign and export keys but ships no certificate builder.
 */

/** Universal tags used here. */
export const TAG = {
  BOOLEAN: 0x01,
  INTEGER: 0x02,
  BIT_STRING: 0x03,
  OCTET_STRING: 0x04,
  NULL: 0x05,
  OID: 0x06,
  UTF8_STRING: 0x0c,
  PRINTABLE_STRING: 0x13,
  UTC_TIME: 0x17,
  GENERALIZED_TIME: 0x18,
  SEQUENCE: 0x30,
  SET: 0x31,
} as const;

function encodeLength(length: number): Buffer {
  if (length < 0x80) return Buffer.from([length]);
  const bytes: number[] = [];
  for (let rest = length; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest % 256);
  return Buffer.from([0x80 | bytes.length, ...bytes]);
}

/** One element: identifier octet (tag numbers below 31), definite length, contents. */
export function tlv(tag: number, content: Buffer): Buffer {
  return Buffer.concat([Buffer.from([tag]), encodeLength(content.length), content]);
}

export const sequence = (...items: Buffer[]): Buffer => tlv(TAG.SEQUENCE, Buffer.concat(items));

/** A SET OF: DER sorts its elements by their encodings. */
export const setOf = (...items: Buffer[]): Buffer => tlv(TAG.SET, Buffer.concat([...items].sort(Buffer.compare)));

/** INTEGER: the shortest two's-complement form. */
export function integer(value: bigint): Buffer {
  let width = 1;
  while (value < -(1n << BigInt(8 * width - 1)) || value >= 1n << BigInt(8 * width - 1)) width++;
  return tlv(TAG.INTEGER, Buffer.from(BigInt.asUintN(width * 8, value).toString(16).padStart(width * 2, '0'), 'hex'));
}

export function oid(dotted: string): Buffer {
  const [first, second, ...rest] = dotted.split('.').map((part) => BigInt(part));
  const out: number[] = [];
  for (const arc of [first * 40n + second, ...rest]) {
    const chunk = [Number(arc & 0x7fn)];
    for (let value = arc >> 7n; value > 0n; value >>= 7n) chunk.unshift(Number(value & 0x7fn) | 0x80);
    out.push(...chunk);
  }
  return tlv(TAG.OID, Buffer.from(out));
}

export const nullValue = (): Buffer => tlv(TAG.NULL, Buffer.alloc(0));
export const boolean = (value: boolean): Buffer => tlv(TAG.BOOLEAN, Buffer.from([value ? 0xff : 0x00]));
export const octetString = (bytes: Buffer): Buffer => tlv(TAG.OCTET_STRING, bytes);
export const bitString = (bytes: Buffer, unusedBits = 0): Buffer => tlv(TAG.BIT_STRING, Buffer.concat([Buffer.from([unusedBits]), bytes]));

/** [n] with the given contents: constructed for EXPLICIT tagging or IMPLICIT structures, primitive otherwise. */
export const contextSpecific = (tag: number, content: Buffer, constructed: boolean): Buffer => tlv(0x80 | (constructed ? 0x20 : 0) | tag, content);

/** An element as read: its identifier octet, contents, and the whole encoding. */
export interface DerElement {
  tag: number;
  content: Buffer;
  raw: Buffer;
}

export class DerError extends Error {
  override name = 'DerError';
}

/** Reads the element at `offset` (definite lengths only, as DER requires). */
export function readElement(buffer: Buffer, offset = 0): DerElement & { end: number } {
  if (offset + 2 > buffer.length) throw new DerError('truncated element');
  const tag = buffer[offset];
  if ((tag & 0x1f) === 0x1f) throw new DerError('high tag numbers are not supported');
  let length = buffer[offset + 1];
  let start = offset + 2;
  if (length & 0x80) {
    const count = length & 0x7f;
    if (count === 0 || count > 4 || start + count > buffer.length) throw new DerError('invalid length');
    length = 0;
    for (let i = 0; i < count; i++) length = length * 256 + buffer[start + i];
    start += count;
  }
  const end = start + length;
  if (end > buffer.length) throw new DerError('truncated element');
  return { tag, content: buffer.subarray(start, end), raw: buffer.subarray(offset, end), end };
}

/** The single element a buffer holds; trailing data is an error, as in Go's asn1.Unmarshal callers. */
export function readOnly(buffer: Buffer): DerElement {
  const element = readElement(buffer);
  if (element.end !== buffer.length) throw new DerError('trailing data');
  return element;
}

/** The elements inside a constructed element (a SEQUENCE, a SET, an EXPLICIT tag). */
export function children(element: DerElement): DerElement[] {
  if (!(element.tag & 0x20)) throw new DerError('not a constructed element');
  const out: DerElement[] = [];
  for (let offset = 0; offset < element.content.length; ) {
    const child = readElement(element.content, offset);
    out.push(child);
    offset = child.end;
  }
  return out;
}

/** The value of an INTEGER element. */
export function readInteger(element: DerElement): bigint {
  if (element.tag !== TAG.INTEGER || element.content.length === 0) throw new DerError('not an integer');
  const unsigned = BigInt(`0x${element.content.toString('hex')}`);
  return element.content[0] & 0x80 ? unsigned - (1n << BigInt(element.content.length * 8)) : unsigned;
}

/** The dotted form of an OBJECT IDENTIFIER element. */
export function readOid(element: DerElement): string {
  if (element.tag !== TAG.OID || element.content.length === 0) throw new DerError('not an object identifier');
  const arcs: bigint[] = [];
  let value = 0n;
  for (const byte of element.content) {
    value = (value << 7n) | BigInt(byte & 0x7f);
    if (!(byte & 0x80)) {
      arcs.push(value);
      value = 0n;
    }
  }
  const first = arcs[0] < 80n ? arcs[0] / 40n : 2n;
  return [first, arcs[0] - first * 40n, ...arcs.slice(1)].join('.');
}
