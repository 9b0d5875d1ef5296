import { createCipheriv, createDecipheriv, createHash, createHmac, generateKeyPairSync, randomBytes, randomUUID, scryptSync } from 'node:crypto';
import bcryptjs from 'bcryptjs';
import { chargeSteps } from '../step-meter';
import { buildFunctions, checkGeneratedSize, fail, intArg, stringArg } from './args';
import { base64Decode } from './encoding';
import { generateDsaKey, KEY_OPERATION_STEPS } from './private-keys';

/**
 * sprig's crypto functions: Node's crypto module, and bcryptjs for bcrypt (Node has none). The certificate generators
 * are in certificates.ts.
 */

/**
 * genPrivateKey: PEM as Go's pemBlockForKey writes it (PKCS#1 for RSA, SEC 1 for ECDSA, OpenSSL's format for DSA,
 * PKCS#8 for Ed25519). RSA is 4096 bits and DSA L2048N256, as in sprig. Each key is charged to the execution's steps
 * (KEY_OPERATION_STEPS; four times that for RSA 4096, about a second of work; generateDsaKey charges its own).
 */
function generatePrivateKey(type: string): string {
  switch (type) {
    case '':
    case 'rsa':
      chargeSteps(4 * KEY_OPERATION_STEPS);
      return generateKeyPairSync('rsa', { modulusLength: 4096 }).privateKey.export({ type: 'pkcs1', format: 'pem' }).toString();
    case 'ecdsa':
      chargeSteps(KEY_OPERATION_STEPS);
      return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey.export({ type: 'sec1', format: 'pem' }).toString();
    case 'ed25519':
      chargeSteps(KEY_OPERATION_STEPS);
      return generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
    case 'dsa':
      return generateDsaKey();
    default:
      return `Unknown type ${type}`;
  }
}

/** The AES-256 key sprig derives from a password: its bytes, zero-padded or cut to 32. */
function aesKey(password: string): Buffer {
  const key = Buffer.alloc(32);
  Buffer.from(password, 'utf8').copy(key, 0, 0, 32);
  return key;
}

/** encryptAES: AES-256-CBC, PKCS#7 padding, a random IV in front, base64. */
function encryptAes(password: string, plaintext: string): string {
  if (plaintext === '') return '';
  const iv = randomBytes(16);
  const cipher = createCipheriv('aes-256-cbc', aesKey(password), iv);
  return Buffer.concat([iv, cipher.update(plaintext, 'utf8'), cipher.final()]).toString('base64');
}

/** decryptAES: the reverse; like sprig, the padding is stripped without being checked. */
function decryptAes(password: string, encrypted: string): string {
  if (encrypted === '') return '';
  const bytes = base64Decode(encrypted);
  if (bytes.length < 16) fail(`runtime error: slice bounds out of range [:16] with capacity ${bytes.length}`);
  const body = bytes.subarray(16);
  if (body.length % 16 !== 0) fail('crypto/cipher: input not full blocks');
  const decipher = createDecipheriv('aes-256-cbc', aesKey(password), bytes.subarray(0, 16)).setAutoPadding(false);
  const plain = Buffer.concat([decipher.update(body), decipher.final()]);
  if (plain.length === 0) fail('runtime error: index out of range [-1]');
  const padding = plain[plain.length - 1];
  if (padding > plain.length) fail(`runtime error: slice bounds out of range [:${plain.length - padding}]`);
  return plain.subarray(0, plain.length - padding).toString('utf8');
}

const PASSWORD_TEMPLATES: Record<string, string[]> = {
  maximum: ['anoxxxxxxxxxxxxxxxxx', 'axxxxxxxxxxxxxxxxxno'],
  long: ['CvcvnoCvcvCvcv', 'CvcvCvcvnoCvcv', 'CvcvCvcvCvcvno', 'CvccnoCvcvCvcv', 'CvccCvcvnoCvcv', 'CvccCvcvCvcvno', 'CvcvnoCvccCvcv',
    'CvcvCvccnoCvcv', 'CvcvCvccCvcvno', 'CvcvnoCvcvCvcc', 'CvcvCvcvnoCvcc', 'CvcvCvcvCvccno', 'CvccnoCvccCvcv', 'CvccCvccnoCvcv',
    'CvccCvccCvcvno', 'CvcvnoCvccCvcc', 'CvcvCvccnoCvcc', 'CvcvCvccCvccno', 'CvccnoCvcvCvcc', 'CvccCvcvnoCvcc', 'CvccCvcvCvccno'],
  medium: ['CvcnoCvc', 'CvcCvcno'],
  short: ['Cvcn'],
  basic: ['aaanaaan', 'aannaaan', 'aaannaaa'],
  pin: ['nnnn'],
};
const TEMPLATE_CHARACTERS: Record<string, string> = {
  V: 'AEIOU', C: 'BCDFGHJKLMNPQRSTVWXYZ', v: 'aeiou', c: 'bcdfghjklmnpqrstvwxyz', A: 'AEIOUBCDFGHJKLMNPQRSTVWXYZ',
  a: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz', n: '0123456789', o: "@&%?,=[]_:-+*$#!'^~;()/.",
  x: 'AEIOUaeiouBCDFGHJKLMNPQRSTVWXYZbcdfghjklmnpqrstvwxyz0123456789!@#$%^&*()',
};

/** derivePassword: the Master Password algorithm (scrypt key from user + password, HMAC-SHA256 seed over the site). */
function derivePassword(counter: number, type: string, password: string, user: string, site: string): string {
  if (!Object.hasOwn(PASSWORD_TEMPLATES, type)) return `cannot find password template ${type}`;
  const templates = PASSWORD_TEMPLATES[type];
  const seedPrefix = Buffer.from('com.lyndir.masterpassword');
  const withLength = (text: string): Buffer => {
    const bytes = Buffer.from(text, 'utf8');
    const length = Buffer.alloc(4);
    length.writeUInt32BE(bytes.length);
    return Buffer.concat([length, bytes]);
  };
  const key = scryptSync(Buffer.from(password, 'utf8'), Buffer.concat([seedPrefix, withLength(user)]), 64, { N: 32768, r: 8, p: 2, maxmem: 64 * 1024 * 1024 });
  const counterBytes = Buffer.alloc(4);
  counterBytes.writeUInt32BE(counter >>> 0);
  const seed = createHmac('sha256', key).update(Buffer.concat([seedPrefix, withLength(site), counterBytes])).digest();
  const template = templates[seed[0] % templates.length];
  return [...template].map((kind, i) => TEMPLATE_CHARACTERS[kind][seed[i + 1] % TEMPLATE_CHARACTERS[kind].length]).join('');
}

/** Go's bcrypt.DefaultCost, which sprig uses. */
const BCRYPT_COST = 10;
/** Go's bcrypt refuses longer passwords (ErrPasswordTooLong) rather than silently ignore the rest. */
const BCRYPT_MAX_BYTES = 72;

/**
 * bcrypt.GenerateFromPassword at the default cost, in Go's `$2a$` form (bcryptjs writes `$2b$`: the same hash for
 * passwords up to 72 bytes, the only ones either accepts), or Go's error for a longer password.
 */
function bcryptHash(password: string): { hash: string } | { error: string } {
  if (Buffer.byteLength(password, 'utf8') > BCRYPT_MAX_BYTES) return { error: 'bcrypt: password length exceeds 72 bytes' };
  return { hash: bcryptjs.hashSync(password, bcryptjs.genSaltSync(BCRYPT_COST).replace(/^\$2b\$/, '$2a$')) };
}

/** sprig's bcrypt: the hash, or its error as text. */
function bcrypt(input: string): string {
  const result = bcryptHash(input);
  return 'hash' in result ? result.hash : `failed to encrypt string with bcrypt: ${result.error}`;
}

/** sprig's htpasswd: "sha" is {SHA}; any other algorithm is bcrypt, as in sprig. */
function htpasswd(user: string, password: string, algorithm: string): string {
  if (user.includes(':')) return `invalid username: ${user}`;
  if (algorithm === 'sha') return `${user}:{SHA}${createHash('sha1').update(password, 'utf8').digest('base64')}`;
  const result = bcryptHash(password);
  return `${user}:${'hash' in result ? result.hash : `invalid password: ${result.error}`}`;
}

const s = stringArg;

export const cryptoFunctions = buildFunctions({
  uuidv4: [0, 0, () => randomUUID()],
  randBytes: [1, 1, (count) => {
    if (intArg(count) < 0) fail('runtime error: makeslice: len out of range');
    checkGeneratedSize('randBytes', intArg(count));
    return randomBytes(intArg(count)).toString('base64');
  }],
  genPrivateKey: [1, 1, (type) => generatePrivateKey(s(type))],
  encryptAES: [2, 2, (password, text) => encryptAes(s(password), s(text))],
  decryptAES: [2, 2, (password, text) => decryptAes(s(password), s(text))],
  derivePassword: [5, 5, (counter, type, password, user, site) => derivePassword(intArg(counter), s(type), s(password), s(user), s(site))],
  htpasswd: [3, 3, (user, password, algorithm) => htpasswd(s(user), s(password), s(algorithm))],
  bcrypt: [1, 1, (input) => bcrypt(s(input))],
});
