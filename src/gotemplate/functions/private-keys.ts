import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chargeSteps } from '../step-meter';
import { children, DerError, integer, readElement, readInteger, readOid, readOnly, sequence, TAG } from './der';
import { pemDecode, pemEncode } from './pem';

/**
 * Private keys as sprig reads and writes them (crypto.go): parsePrivateKeyPEM takes PKCS#8, PKCS#1 RSA, SEC 1 EC and
 * OpenSSL's DSA format; pemBlockForKey writes RSA as PKCS#1, ECDSA as SEC 1, DSA in OpenSSL's format and anything
 * else as PKCS#8. Keys Go's crypto/x509 cannot use (DSA, X25519) parse but fail when a certificate is made.
 */

/**
 * Engine steps charged for one key generation or one signature (step-meter.ts). A walked node costs one step and an
 * expansion may spend 10 million (about a second or two of work); one of these costs up to 0.1 to 0.3 s (an RSA 2048
 * key; a signature with an RSA key of 16384 bits, the largest OpenSSL takes, by extrapolation from 8192 bits). At
 * 250,000 steps an expansion makes at most 39 of them, 19 genCA (a key and a signature each) or 9 RSA 4096 keys of
 * genPrivateKey (4 each): seconds, not the hours 100,000 calls took. A working ApplicationSet needs few: a key or
 * certificate made at render time changes on every reconcile.
 */
export const KEY_OPERATION_STEPS = 250_000;

/** A parsed key: a Node key, or a DSA key kept as its OpenSSL DER (Go cannot sign with DSA anyway). */
export type PrivateKey = NodeKey | { kind: 'dsa'; der: Buffer };
/** A key Node holds (RSA, ECDSA, Ed25519, X25519); canSign tells the ones Go can sign with. */
export type NodeKey = { kind: 'node'; key: KeyObject };

/** The named curves Go's crypto/x509 knows (P-224, P-256, P-384, P-521). */
const GO_CURVES = new Set(['secp224r1', 'prime256v1', 'secp384r1', 'secp521r1']);
/** PKCS#8 algorithms Go's ParsePKCS8PrivateKey reads: RSA, ECDSA, Ed25519, X25519. */
const PKCS8_ALGORITHMS = new Set(['1.2.840.113549.1.1.1', '1.2.840.10045.2.1', '1.3.101.112', '1.3.101.110']);

/** Whether Go's x509 can sign with the key (it implements crypto.Signer). */
export function canSign(key: PrivateKey): key is NodeKey {
  return key.kind === 'node' && ['rsa', 'ec', 'ed25519'].includes(key.key.asymmetricKeyType ?? '');
}

/** The Go type of the key's public half, for "unsupported public key type" errors. */
export function publicKeyType(key: PrivateKey): string {
  if (key.kind === 'dsa') return '*dsa.PublicKey';
  return { rsa: '*rsa.PublicKey', ec: '*ecdsa.PublicKey', ed25519: 'ed25519.PublicKey' }[key.key.asymmetricKeyType as string] ?? '*ecdh.PublicKey';
}

function importKey(der: Buffer, type: 'pkcs8' | 'pkcs1' | 'sec1', failure: string): KeyObject {
  try {
    return createPrivateKey({ key: der, format: 'der', type });
  } catch {
    throw new Error(failure);
  }
}

function checkCurve(key: KeyObject, prefix: string): KeyObject {
  if (key.asymmetricKeyType === 'ec' && !GO_CURVES.has(key.asymmetricKeyDetails?.namedCurve ?? '')) throw new Error(`${prefix}x509: unknown elliptic curve`);
  return key;
}

/** A reading error that carries Go's asn1 text ("asn1: structure error: ..."), or undefined. */
const asn1Text = (error: unknown): string | undefined => (error instanceof DerError && error.message.startsWith('asn1: ') ? error.message : undefined);

/** The algorithm OID of a PKCS#8 PrivateKeyInfo; Go's asn1 error for an OID it refuses, "malformed" for the rest. */
function pkcs8Algorithm(der: Buffer): string {
  try {
    return readOid(children(children(readOnly(der))[1])[0]);
  } catch (error) {
    throw new Error(`decoding PEM as PKCS#8: ${asn1Text(error) ?? 'x509: malformed PKCS#8 private key'}`);
  }
}

/**
 * OpenSSL's DSA private key: SEQUENCE { version, p, q, g, y, x } (sprig's DSAKeyFormat), re-encoded as Go would;
 * asn1.Unmarshal ignores data after it, and elements after the six inside it (its structs allow extra trailing
 * fields), and so does this.
 */
function readDsaKey(der: Buffer): Buffer {
  try {
    const sequenceElement = readElement(der);
    if (sequenceElement.tag !== TAG.SEQUENCE) throw new DerError('not a sequence');
    const fields: bigint[] = [];
    for (let offset = 0; fields.length < 6; ) {
      const field = readElement(sequenceElement.content, offset);
      fields.push(readInteger(field));
      offset = field.end;
    }
    return sequence(...fields.map(integer));
  } catch (error) {
    throw new Error(`parsing DSA private key from PEM: ${asn1Text(error) ?? 'asn1: structure error: the key is not a DSA private key'}`);
  }
}

/** sprig's parsePrivateKeyPEM, with its error texts (the parsers' own messages are approximations of Go's). */
export function parsePrivateKeyPem(text: string): PrivateKey {
  const block = pemDecode(text);
  if (!block) throw new Error('no PEM data in input');
  if (block.type === 'PRIVATE KEY') {
    const algorithm = pkcs8Algorithm(block.bytes);
    if (!PKCS8_ALGORITHMS.has(algorithm)) throw new Error(`decoding PEM as PKCS#8: x509: PKCS#8 wrapping contained private key with unknown algorithm: ${algorithm}`);
    const key = importKey(block.bytes, 'pkcs8', 'decoding PEM as PKCS#8: x509: malformed PKCS#8 private key');
    return { kind: 'node', key: checkCurve(key, 'decoding PEM as PKCS#8: x509: failed to parse EC private key embedded in PKCS#8: ') };
  }
  if (!block.type.endsWith(' PRIVATE KEY')) throw new Error(`no private key data in PEM block of type ${block.type}`);
  switch (block.type.slice(0, -' PRIVATE KEY'.length)) {
    case 'RSA':
      return { kind: 'node', key: importKey(block.bytes, 'pkcs1', 'parsing RSA private key from PEM: x509: failed to parse private key') };
    case 'EC':
      return { kind: 'node', key: checkCurve(importKey(block.bytes, 'sec1', 'parsing EC private key from PEM: x509: failed to parse EC private key'), 'parsing EC private key from PEM: ') };
    case 'DSA':
      return { kind: 'dsa', der: readDsaKey(block.bytes) };
    default:
      throw new Error(`invalid private key type ${block.type}`);
  }
}

/** sprig's pemBlockForKey, encoded. */
export function privateKeyPem(key: PrivateKey): string {
  if (key.kind === 'dsa') return pemEncode('DSA PRIVATE KEY', key.der);
  switch (key.key.asymmetricKeyType) {
    case 'rsa':
      return key.key.export({ type: 'pkcs1', format: 'pem' }).toString();
    case 'ec':
      return key.key.export({ type: 'sec1', format: 'pem' }).toString();
    default:
      return key.key.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
}

/** genPrivateKey "dsa": L2048N256 parameters and a key, in OpenSSL's DSA format as sprig writes it. */
export function generateDsaKey(): string {
  chargeSteps(KEY_OPERATION_STEPS);
  const { privateKey, publicKey } = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 });
  const [, algorithm, secret] = children(readElement(privateKey.export({ type: 'pkcs8', format: 'der' })));
  const [p, q, g] = children(children(algorithm)[1]).map(readInteger);
  const x = readInteger(readElement(secret.content));
  const spki = children(readElement(publicKey.export({ type: 'spki', format: 'der' })));
  const y = readInteger(readElement(spki[1].content.subarray(1)));
  return pemEncode('DSA PRIVATE KEY', sequence(integer(0n), integer(p), integer(q), integer(g), integer(y), integer(x)));
}


