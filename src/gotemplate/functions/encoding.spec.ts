import bcryptjs from 'bcryptjs';
import { createPrivateKey } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { call, errorRows, resultRows } from './testing/function-table';

describe('encodings, JSON and checksums', () => {
  resultRows([
    ['b64enc', 'b64enc', ['hello:world'], 'aGVsbG86d29ybGQ='],
    ['b64dec', 'b64dec', ['aGVsbG86d29ybGQ='], 'hello:world'],
    ['b64dec ignores line breaks', 'b64dec', ['aGVs\nbG8='], 'hello'],
    ['b64dec error text instead of a failure', 'b64dec', ['aGVsbG8'], 'illegal base64 data at input byte 4'],
    ['b64dec invalid character', 'b64dec', ['a$=='], 'illegal base64 data at input byte 1'],
    ['b32enc', 'b32enc', ['hello'], 'NBSWY3DP'],
    ['b32enc padded', 'b32enc', ['hi'], 'NBUQ===='],
    ['b32dec', 'b32dec', ['NBUQ===='], 'hi'],
    ['b32dec error text', 'b32dec', ['NBU'], 'illegal base32 data at input byte 0'],
    ['sha1sum', 'sha1sum', ['abc'], 'a9993e364706816aba3e25717850c26c9cd0d89d'],
    ['sha256sum', 'sha256sum', ['abc'], 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
    ['sha512sum prefix', 'sha512sum', [''], 'cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e'],
    ['adler32sum', 'adler32sum', ['Wikipedia'], '300286872'],
    ['toJson sorts keys and escapes HTML', 'toJson', [{ b: '<x>&', a: [1, 2.5, 3n, null, true] }], '{"a":[1,2.5,3,null,true],"b":"\\u003cx\\u003e\\u0026"}'],
    ['toJson of a string', 'toJson', ['a"b\n'], '"a\\"b\\n"'],
    ['toJson of a large float', 'toJson', [1e21], '1e+21'],
    ['toJson error becomes ""', 'toJson', [{ x: NaN }], ''],
    ['toRawJson keeps HTML characters', 'toRawJson', [{ a: '<b>' }], '{"a":"<b>"}'],
    ['toPrettyJson', 'toPrettyJson', [{ b: [1], a: {} }], '{\n  "a": {},\n  "b": [\n    1\n  ]\n}'],
    ['fromJson numbers are float64', 'fromJson', ['{"a":1,"b":[true,null,"x"]}'], { a: 1, b: [true, null, 'x'] }],
    ['fromJson error becomes nil', 'fromJson', ['{bad'], null],
    ['mustFromJson', 'mustFromJson', ['[1]'], [1]],
  ]);

  errorRows([
    ['mustToJson of NaN', 'mustToJson', [NaN], /json: unsupported value: NaN/],
    ['mustToPrettyJson of Inf', 'mustToPrettyJson', [{ a: Infinity }], /unsupported value: \+Inf/],
    ['toRawJson fails rather than returning ""', 'toRawJson', [-Infinity], /unsupported value: -Inf/],
    ['mustFromJson of bad JSON', 'mustFromJson', ['{bad'], /invalid JSON/],
    ['b64enc of nil', 'b64enc', [null], /invalid value; expected string/],
    ['sha256sum of an int', 'sha256sum', [1n], /expected string; got int/],
  ]);
});

describe('random values and crypto', () => {
  it('uuidv4 is a version 4 UUID', () => {
    expect(call('uuidv4')).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('randAlphaNum, randAlpha, randNumeric, randAscii have the requested length and alphabet', () => {
    expect(call('randAlphaNum', 12n)).toMatch(/^[A-Za-z0-9]{12}$/);
    expect(call('randAlpha', 5n)).toMatch(/^[A-Za-z]{5}$/);
    expect(call('randNumeric', 7n)).toMatch(/^[0-9]{7}$/);
    expect(call('randAscii', 9n)).toMatch(/^[ -~]{9}$/);
    expect(Buffer.from(call('randBytes', 12n) as string, 'base64')).toHaveLength(12);
    expect(call('randAlpha', -1n)).toBe('');
  });

  it('randInt stays in [min, max)', () => {
    for (let i = 0; i < 20; i++) expect(Number(call('randInt', 3n, 5n))).toBeGreaterThanOrEqual(3);
    expect(() => call('randInt', 5n, 5n)).toThrow(/invalid argument to Intn/);
  });

  it('shuffle keeps the runes', () => {
    expect([...(call('shuffle', 'abcdef') as string)].sort().join('')).toBe('abcdef');
  });

  it('encryptAES round-trips through decryptAES, and an empty text stays empty', () => {
    const encrypted = call('encryptAES', 'secretkey', 'plaintext') as string;
    expect(Buffer.from(encrypted, 'base64')).toHaveLength(32);
    expect(call('decryptAES', 'secretkey', encrypted)).toBe('plaintext');
    expect(call('encryptAES', 'k', '')).toBe('');
  });

  it('decryptAES of text that is not full blocks fails', () => {
    expect(() => call('decryptAES', 'k', Buffer.alloc(20).toString('base64'))).toThrow(/not full blocks/);
  });

  it('derivePassword follows the Master Password algorithm (sprig test vector)', () => {
    expect(call('derivePassword', 1n, 'long', 'password', 'user', 'example.com')).toBe('ZedaFaxcZaso9*');
    expect(call('derivePassword', 1n, 'nope', 'password', 'user', 'example.com')).toBe('cannot find password template nope');
    expect(call('derivePassword', 1n, 'constructor', 'p', 'u', 's')).toBe('cannot find password template constructor');
  });

  it('genPrivateKey writes the PEM block types Go writes', () => {
    expect(call('genPrivateKey', 'ecdsa')).toMatch(/^-----BEGIN EC PRIVATE KEY-----\n/);
    expect(call('genPrivateKey', 'ed25519')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(call('genPrivateKey', 'x')).toBe('Unknown type x');
  });

  it('genPrivateKey "dsa" writes an L2048N256 key in OpenSSL\'s DSA format, as sprig\'s DSAKeyFormat', () => {
    const pem = call('genPrivateKey', 'dsa') as string;
    expect(pem).toMatch(/^-----BEGIN DSA PRIVATE KEY-----\n(?:[A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END DSA PRIVATE KEY-----\n$/);
    const key = createPrivateKey(pem);
    expect(key.asymmetricKeyType).toBe('dsa');
    expect(key.asymmetricKeyDetails).toEqual({ modulusLength: 2048, divisorLength: 256 });
  });

  it('htpasswd with sha, and with bcrypt (any other algorithm, as in sprig) in Go\'s $2a$ form at cost 10', () => {
    expect(call('htpasswd', 'user', 'pass', 'sha')).toBe('user:{SHA}nU4eI71bcnBGqeO0t9tXvY1u5oQ=');
    expect(call('htpasswd', 'us:er', 'pass', 'sha')).toBe('invalid username: us:er');
    const line = call('htpasswd', 'user', 'pass', 'bcrypt') as string;
    expect(line).toMatch(/^user:\$2a\$10\$[./A-Za-z0-9]{53}$/);
    expect(bcryptjs.compareSync('pass', line.slice('user:'.length))).toBe(true);
    expect(bcryptjs.compareSync('other', line.slice('user:'.length))).toBe(false);
    expect(call('htpasswd', 'user', 'x'.repeat(73), '')).toBe('user:invalid password: bcrypt: password length exceeds 72 bytes');
  });

  it('bcrypt hashes as Go does (a fresh salt each time), and says why it cannot', () => {
    const first = call('bcrypt', 'secret') as string;
    expect(first).toMatch(/^\$2a\$10\$/);
    expect(bcryptjs.compareSync('secret', first)).toBe(true);
    expect(call('bcrypt', 'secret')).not.toBe(first);
    expect(call('bcrypt', 'é'.repeat(37))).toBe('failed to encrypt string with bcrypt: bcrypt: password length exceeds 72 bytes');
  });
});
