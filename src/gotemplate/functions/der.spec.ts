import { describe, expect, it } from 'vitest';
import { bitString, boolean, children, contextSpecific, DerError, integer, MAX_INTEGER_BYTES, MAX_OID_BYTES, nullValue, octetString, oid, readElement, readInteger, readOid, readOnly, sequence, setOf, tlv, TAG } from './der';

const hex = (buffer: Buffer): string => buffer.toString('hex');

describe('DER encoding', () => {
  it.each<[string, bigint, string]>([
    ['zero', 0n, '020100'], ['one', 1n, '020101'], ['127', 127n, '02017f'], ['128 needs a leading zero', 128n, '02020080'], ['255', 255n, '020200ff'],
    ['256', 256n, '02020100'], ['-1', -1n, '0201ff'], ['-128', -128n, '020180'], ['-129', -129n, '0202ff7f'], ['-256', -256n, '0202ff00'],
    ['2^64', 2n ** 64n, '0209010000000000000000'], ['a 128-bit serial with its top bit set', 2n ** 128n - 1n, `021100${'ff'.repeat(16)}`],
  ])('INTEGER %s', (_title, value, encoded) => {
    expect(hex(integer(value))).toBe(encoded);
    expect(readInteger(readOnly(integer(value)))).toBe(value);
  });

  it.each([
    ['commonName', '2.5.4.3', '0603550403'], ['sha256WithRSAEncryption', '1.2.840.113549.1.1.11', '06092a864886f70d01010b'],
    ['serverAuth', '1.3.6.1.5.5.7.3.1', '06082b06010505070301'], ['ecdsa-with-SHA256', '1.2.840.10045.4.3.2', '06082a8648ce3d040302'],
    ['Ed25519', '1.3.101.112', '06032b6570'], ['the largest arc Go reads (2^31-1)', '2.999.2147483647', '0607883787ffffff7f'],
  ])('OBJECT IDENTIFIER %s', (_title, dotted, encoded) => {
    expect(hex(oid(dotted))).toBe(encoded);
    expect(readOid(readOnly(oid(dotted)))).toBe(dotted);
  });

  it('INTEGER of a million bytes: the width comes from the digits, not from trying every width', () => {
    const value = 1n << (8n * 1_000_000n - 1n);
    const encoded = integer(value);
    expect(readElement(encoded).content.length).toBe(1_000_001);
    expect(encoded.subarray(-1_000_001, -999_999).toString('hex')).toBe('0080');
    expect(hex(integer(-value).subarray(-1_000_000, -999_998))).toBe('8000');
  });

  it.each([
    ['NULL', nullValue(), '0500'], ['TRUE', boolean(true), '0101ff'], ['FALSE', boolean(false), '010100'],
    ['OCTET STRING', octetString(Buffer.from('hi')), '04026869'], ['BIT STRING with unused bits', bitString(Buffer.from([0xa0]), 5), '030205a0'],
    ['an empty SEQUENCE', sequence(), '3000'], ['a SEQUENCE of two', sequence(nullValue(), boolean(true)), '30050500' + '0101ff'],
    ['EXPLICIT [0]', contextSpecific(0, integer(2n), true), 'a003020102'], ['IMPLICIT [2] string', contextSpecific(2, Buffer.from('a'), false), '820161'],
    ['a SET OF sorted by encoding', setOf(integer(2n), integer(1n)), '3106020101020102'],
  ])('%s', (_title, encoded, expected) => {
    expect(hex(encoded)).toBe(expected);
  });

  it.each([
    [0, '0400'], [127, `047f${'00'.repeat(127)}`], [128, `048180${'00'.repeat(128)}`], [256, `04820100${'00'.repeat(256)}`],
  ])('a length of %i uses the %s form', (length, expected) => {
    expect(hex(tlv(TAG.OCTET_STRING, Buffer.alloc(length)))).toBe(expected);
    expect(readOnly(tlv(TAG.OCTET_STRING, Buffer.alloc(length))).content.length).toBe(length);
  });
});

describe('DER reading', () => {
  it('walks nested elements and keeps their raw encodings', () => {
    const encoded = sequence(integer(5n), sequence(oid('2.5.4.3')), octetString(Buffer.from([1, 2])));
    const [five, inner, bytes] = children(readOnly(encoded));
    expect(readInteger(five)).toBe(5n);
    expect(readOid(children(inner)[0])).toBe('2.5.4.3');
    expect(hex(bytes.content)).toBe('0102');
    expect(hex(inner.raw)).toBe('30050603550403');
  });

  it('reads one element at an offset and says where it ends', () => {
    const buffer = Buffer.concat([integer(1n), integer(300n)]);
    const second = readElement(buffer, 3);
    expect(readInteger(second)).toBe(300n);
    expect(second.end).toBe(buffer.length);
  });

  it.each([
    ['a truncated header', Buffer.from([0x30])],
    ['contents shorter than the length', Buffer.from([0x04, 0x05, 0x00])],
    ['an indefinite length', Buffer.from([0x30, 0x80, 0x00, 0x00])],
    ['a high tag number', Buffer.from([0x1f, 0x81, 0x00, 0x00])],
    ['trailing data', Buffer.from([0x05, 0x00, 0x00])],
  ])('refuses %s', (_title, buffer) => {
    expect(() => readOnly(buffer)).toThrow(DerError);
  });

  it('reads INTEGERs up to 16384 bits and a sign byte, and refuses larger ones as Go\'s asn1 refuses integers it cannot hold', () => {
    const largest = (1n << 16384n) - 1n;
    expect(readElement(integer(largest)).content.length).toBe(MAX_INTEGER_BYTES);
    expect(readInteger(readOnly(integer(largest)))).toBe(largest);
    expect(readInteger(readOnly(integer(-(1n << 16384n))))).toBe(-(1n << 16384n));
    expect(() => readInteger(readOnly(integer(1n << 16384n)))).toThrow('asn1: structure error: integer too large');
    expect(() => readInteger(readOnly(integer(-(1n << 16384n) - 1n)))).toThrow('asn1: structure error: integer too large');
    expect(() => readInteger(readOnly(integer(1n << (8n * 1_000_000n))))).toThrow('asn1: structure error: integer too large');
  });

  it.each([
    ['an arc over 31 bits', '06058880808000', 'asn1: structure error: base 128 integer too large'],
    ['an arc of six bytes', '060681808080807f', 'asn1: structure error: base 128 integer too large'],
    ['an arc that never ends', `0683100000${'ff'.repeat(0x100000 - 1)}01`, 'asn1: structure error: object identifier too long'],
    ['a long arc within the length bound', `068180${'ff'.repeat(127)}01`, 'asn1: structure error: base 128 integer too large'],
    ['a last arc cut short', '06022a86', 'asn1: syntax error: truncated base 128 integer'],
    ['an arc with a leading 0x80', '06032a8001', 'asn1: syntax error: integer is not minimally encoded'],
    ['no arcs', '0600', 'asn1: syntax error: zero length OBJECT IDENTIFIER'],
  ])('refuses an OBJECT IDENTIFIER with %s, as Go\'s parseObjectIdentifier does', (_title, encoded, message) => {
    expect(() => readOid(readOnly(Buffer.from(encoded, 'hex')))).toThrow(message);
  });

  it('reads OBJECT IDENTIFIERs up to MAX_OID_BYTES', () => {
    const arcs = Array.from({ length: MAX_OID_BYTES - 1 }, () => '1');
    expect(readOid(readOnly(oid(`1.2.${arcs.join('.')}`)))).toBe(`1.2.${arcs.join('.')}`);
    expect(() => readOid(readOnly(oid(`1.2.${arcs.join('.')}.1`)))).toThrow('object identifier too long');
    // An arc of 2^32 encodes (the encoder serves constants) but does not read back, as in Go.
    expect(hex(oid('2.999.4294967296'))).toBe('060788379080808000');
    expect(() => readOid(readOnly(oid('2.999.4294967296')))).toThrow('base 128 integer too large');
  });

  it('refuses to read the wrong kind of element', () => {
    expect(() => readInteger(readOnly(nullValue()))).toThrow('not an integer');
    expect(() => readOid(readOnly(integer(1n)))).toThrow('not an object identifier');
    expect(() => children(readOnly(integer(1n)))).toThrow('not a constructed element');
  });
});
