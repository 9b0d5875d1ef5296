import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { deriveKeyId, EncryptionKeyError, parseEncryptionKey, parseKeyEntry } from './encryption-key';
import { buildKeyring } from './keyring';

const keyBytes = Buffer.alloc(32, 7);
const hexKey = keyBytes.toString('hex');
const base64Key = keyBytes.toString('base64');

describe('parseEncryptionKey', () => {
  const good: { name: string; input: string }[] = [
    { name: '64 hex characters', input: hexKey },
    { name: 'upper-case hex', input: hexKey.toUpperCase() },
    { name: 'base64 with padding', input: base64Key },
    { name: 'base64 without padding', input: base64Key.replace(/=+$/, '') },
    { name: 'base64url', input: keyBytes.toString('base64url') },
    { name: 'surrounding whitespace', input: `  ${base64Key}\n` },
  ];
  it.each(good)('accepts $name', ({ input }) => {
    expect(parseEncryptionKey(input).equals(keyBytes)).toBe(true);
  });

  const bad: { name: string; input: string; reason: RegExp }[] = [
    { name: 'empty', input: '   ', reason: /empty/ },
    { name: '16-byte base64', input: randomBytes(16).toString('base64'), reason: /16 bytes/ },
    { name: '48-byte base64', input: randomBytes(48).toString('base64'), reason: /48 bytes/ },
    { name: '62 hex characters', input: hexKey.slice(2), reason: /bytes/ },
    { name: 'punctuation', input: `${hexKey.slice(1)}!`, reason: /64 hex characters or base64/ },
    { name: 'a passphrase', input: 'correct horse battery staple', reason: /64 hex characters or base64/ },
  ];
  it.each(bad)('rejects $name without echoing the input', ({ input, reason }) => {
    const error = captureError(() => parseEncryptionKey(input));
    expect(error).toBeInstanceOf(EncryptionKeyError);
    expect(error.message).toMatch(reason);
    if (input.trim().length > 0) {
      expect(error.message).not.toContain(input.trim());
    }
  });
});

describe('parseKeyEntry', () => {
  const rows: { name: string; input: string; id: string }[] = [
    { name: 'bare key gets a derived id', input: base64Key, id: deriveKeyId(keyBytes) },
    { name: 'explicit id', input: `k2026:${hexKey}`, id: 'k2026' },
    { name: 'explicit id with spaces around', input: ` old-1 : ${base64Key} `, id: 'old-1' },
  ];
  it.each(rows)('$name', ({ input, id }) => {
    const entry = parseKeyEntry(input);
    expect(entry.id).toBe(id);
    expect(entry.key.equals(keyBytes)).toBe(true);
  });

  it('derives an 8-hex id that is stable per key and differs between keys', () => {
    expect(deriveKeyId(keyBytes)).toMatch(/^[0-9a-f]{8}$/);
    expect(deriveKeyId(keyBytes)).toBe(deriveKeyId(Buffer.from(keyBytes)));
    expect(deriveKeyId(Buffer.alloc(32, 8))).not.toBe(deriveKeyId(keyBytes));
  });

  it('rejects an id with forbidden characters', () => {
    expect(() => parseKeyEntry(`bad id:${hexKey}`)).toThrow(/key id must be/);
  });
});

describe('buildKeyring', () => {
  const other = Buffer.alloc(32, 9).toString('base64');

  it('makes the first entry active and keeps the rest for decryption', () => {
    const ring = buildKeyring(`new:${other}, old:${base64Key}`);
    expect(ring.active.id).toBe('new');
    expect([...ring.keys.keys()]).toEqual(['new', 'old']);
  });

  const bad: { name: string; spec: string; reason: RegExp }[] = [
    { name: 'empty spec', spec: '', reason: /entry 1 is empty/ },
    { name: 'trailing comma', spec: `${base64Key},`, reason: /entry 2 is empty/ },
    { name: 'duplicate id', spec: `a:${base64Key},a:${other}`, reason: /"a" appears more than once/ },
    { name: 'same key twice', spec: `a:${base64Key},b:${base64Key}`, reason: /repeats the material/ },
    { name: 'every bad entry reported', spec: `x:short,${base64Key},y:also-bad`, reason: /entry 1.*entry 3/ },
  ];
  it.each(bad)('rejects $name', ({ spec, reason }) => {
    const error = captureError(() => buildKeyring(spec));
    expect(error).toBeInstanceOf(EncryptionKeyError);
    expect(error.message).toMatch(reason);
    expect(error.message).not.toContain(base64Key);
  });
});

function captureError(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected an error');
}
