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

/**
 * INTEGER: the shortest two's-complement form. Its width comes from the hex digits of the magnitude (of -value-1 for a
 * negative value, whose bits are those of its complement), plus a byte when the top bit would read as the sign.
 */
export function integer(value: bigint): Buffer {
  const magnitude = (value < 0n ? -value - 1n : value).toString(16);
  const width = Math.ceil(magnitude.length / 2) + (magnitude.length % 2 === 0 && parseInt(magnitude[0], 16) >= 8 ? 1 : 0);
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

/**
 * The largest INTEGER read, in bytes: 16384 bits and a sign byte. No key Go or OpenSSL uses is larger (OpenSSL refuses
 * RSA moduli over 16384 bits, DSA over 10000), and a bound keeps what a template hands in from costing more.
 */
export const MAX_INTEGER_BYTES = 16384 / 8 + 1;

/** The value of an INTEGER element; one over MAX_INTEGER_BYTES fails with asn1's text for integers it cannot hold. */
export function readInteger(element: DerElement): bigint {
  if (element.tag !== TAG.INTEGER || element.content.length === 0) throw new DerError('not an integer');
  const { length } = element.content;
  // Past 16384 bits: longer, or as long with a first byte that is more than the sign.
  if (length > MAX_INTEGER_BYTES || (length === MAX_INTEGER_BYTES && element.content[0] !== 0x00 && element.content[0] !== 0xff)) {
    throw new DerError('asn1: structure error: integer too large');
  }
  const unsigned = BigInt(`0x${element.content.toString('hex')}`);
  return element.content[0] & 0x80 ? unsigned - (1n << BigInt(element.content.length * 8)) : unsigned;
}

/** The longest OBJECT IDENTIFIER read, in bytes: real ones are a few dozen; Go sets no bound of its own. */
export const MAX_OID_BYTES = 128;

/**
 * The dotted form of an OBJECT IDENTIFIER element, read as Go's asn1 parseObjectIdentifier reads it: every arc at most
 * 5 bytes and 31 bits, minimally encoded, the last one complete; errors carry Go's texts.
 */
export function readOid(element: DerElement): string {
  if (element.tag !== TAG.OID) throw new DerError('not an object identifier');
  const content = element.content;
  if (content.length === 0) throw new DerError('asn1: syntax error: zero length OBJECT IDENTIFIER');
  if (content.length > MAX_OID_BYTES) throw new DerError('asn1: structure error: object identifier too long');
  const arcs: number[] = [];
  for (let offset = 0; offset < content.length; ) {
    let value = 0;
    for (let shifted = 0; ; shifted++) {
      if (offset === content.length) throw new DerError('asn1: syntax error: truncated base 128 integer');
      // 5 bytes hold 35 bits: more is either not minimal or too large for Go's int32 check.
      if (shifted === 5) throw new DerError('asn1: structure error: base 128 integer too large');
      const byte = content[offset++];
      if (shifted === 0 && byte === 0x80) throw new DerError('asn1: syntax error: integer is not minimally encoded');
      value = value * 128 + (byte & 0x7f);
      if (!(byte & 0x80)) break;
    }
    if (value > 0x7fffffff) throw new DerError('asn1: structure error: base 128 integer too large');
    arcs.push(value);
  }
  const first = arcs[0] < 80 ? Math.floor(arcs[0] / 40) : 2;
  return [first, arcs[0] - first * 40, ...arcs.slice(1)].join('.');
}
