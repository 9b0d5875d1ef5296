import { describe, expect, it } from 'vitest';
import { pemDecode, pemEncode } from './pem';

describe('encoding/pem', () => {
  const block = '-----BEGIN THING-----\naGVsbG8=\n-----END THING-----\n';

  it.each([
    ['a plain block', block, 'THING', 'hello'],
    ['text before the block', `junk\nmore junk\n${block}`, 'THING', 'hello'],
    ['CRLF line ends and trailing spaces', '-----BEGIN THING-----  \r\naGVs\r\nbG8=\r\n-----END THING-----\r\n', 'THING', 'hello'],
    ['spaces and tabs inside the base64', '-----BEGIN THING-----\naGVs bG8\t=\n-----END THING-----', 'THING', 'hello'],
    ['an empty block', '-----BEGIN EMPTY-----\n-----END EMPTY-----\n', 'EMPTY', ''],
    ['a block after one with a wrong END line', `-----BEGIN A-----\naGk=\n-----END B-----\n${block}`, 'THING', 'hello'],
    ['a block after one with bad base64', `-----BEGIN A-----\n!!!!\n-----END A-----\n${block}`, 'THING', 'hello'],
  ])('decodes %s', (_title, text, type, contents) => {
    const decoded = pemDecode(text);
    expect(decoded?.type).toBe(type);
    expect(decoded?.bytes.toString('utf8')).toBe(contents);
  });

  it('reads headers', () => {
    const decoded = pemDecode('-----BEGIN RSA PRIVATE KEY-----\nProc-Type: 4,ENCRYPTED\nDEK-Info: AES-128-CBC,00\n\naGk=\n-----END RSA PRIVATE KEY-----\n');
    expect(decoded?.headers).toEqual({ 'Proc-Type': '4,ENCRYPTED', 'DEK-Info': 'AES-128-CBC,00' });
    expect(decoded?.bytes.toString('utf8')).toBe('hi');
  });

  it.each([
    ['no block', 'hello'],
    ['a BEGIN line without its dashes', '-----BEGIN THING\naGk=\n-----END THING-----\n'],
    ['no END line', '-----BEGIN THING-----\naGk=\n'],
    ['text after the END line', '-----BEGIN THING-----\naGk=\n-----END THING----- x\n'],
    ['BEGIN in the middle of a line', 'x-----BEGIN THING-----\naGk=\n-----END THING-----\n'],
  ])('finds nothing in %s', (_title, text) => {
    expect(pemDecode(text)).toBeUndefined();
  });

  it.each([
    ['a block after broken ones that share its END line', `-----BEGIN A-----\n-----BEGIN A-----\naGk=\n-----END A-----\n`, 'A', 'hi'],
    ['a block after one whose END line has text after it', `-----BEGIN A-----\naGk=\n-----END A----- x\n-----BEGIN A-----\naGk=\n-----END A-----`, 'A', 'hi'],
    ['a block after one whose END type differs, sharing it', `-----BEGIN B-----\n-----BEGIN A-----\naGk=\n-----END A-----\r\n`, 'A', 'hi'],
    ['a block after one with bad padding', `-----BEGIN A-----\naGk\n-----END A-----\n-----BEGIN A-----\naGk=\n-----END A-----\n`, 'A', 'hi'],
    ['an END line at once after a BEGIN line, then a later block', `-----BEGIN A-----\n-----END B-----\n${block}`, 'THING', 'hello'],
  ])('decodes %s (the END line and its checks shared between attempts)', (_title, text, type, contents) => {
    const decoded = pemDecode(text);
    expect(decoded?.type).toBe(type);
    expect(decoded?.bytes.toString('utf8')).toBe(contents);
  });

  // Each of these took minutes (quadratic time) before; the answers are what Go's pem.Decode gives.
  describe('hostile input, in linear time', () => {
    const begins = '-----BEGIN A-----\n'.repeat(58_000);
    it.each<[string, string, string | undefined]>([
      ['a type line of a million spaces and a letter', `-----BEGIN ${' '.repeat(1_000_000)}x`, undefined],
      ['a type line of a million spaces and tabs, then a block', `-----BEGIN ${' \t'.repeat(500_000)}\n${block}`, 'THING'],
      ['58,000 BEGIN lines and no END line (CVE-2025-61723)', begins, undefined],
      ['58,000 BEGIN lines sharing one END line: the last, empty, is the block', `${begins}-----END A-----\n`, 'A'],
      ['58,000 BEGIN lines sharing an END line of another type', `${begins}-----END B-----\n`, undefined],
      ['58,000 BEGIN lines, then a block', `${begins}${block}`, 'THING'],
      ['58,000 BEGIN lines sharing an END line that ends in a million spaces', `${begins}-----END A-----${' '.repeat(1_000_000)}x`, undefined],
      ['58,000 BEGIN lines sharing an END line after a million base64 characters', `${begins}${'A'.repeat(999_999)}\n-----END A-----\n`, undefined],
    ])('%s', (_title, text, type) => {
      expect(pemDecode(text)?.type).toBe(type);
    });
  });

  it('encodes 64-character lines with a final newline', () => {
    const encoded = pemEncode('CERTIFICATE', Buffer.alloc(60, 0xff));
    expect(encoded).toBe(`-----BEGIN CERTIFICATE-----\n${'/'.repeat(64)}\n${'/'.repeat(16)}\n-----END CERTIFICATE-----\n`);
    expect(pemDecode(encoded)?.bytes).toEqual(Buffer.alloc(60, 0xff));
    expect(pemEncode('X', Buffer.alloc(0))).toBe('-----BEGIN X-----\n-----END X-----\n');
  });
});
