import { createPrivateKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { children, integer, readElement, readInteger, readOid, readOnly, sequence } from './der';
import { pemDecode, pemEncode } from './pem';

/**
 * Private keys as sprig reads and writes them (crypto.go): parsePrivateKeyPEM takes PKCS#8, PKCS#1 RSA, SEC 1 EC and
 * OpenSSL's DSA format; pemBlockForKey writes RSA as PKCS#1, ECDSA as SEC 1, DSA in OpenSSL's format and anything
 * else as PKCS#8. Keys Go's crypto/x509 cannot use (DSA, X25519) parse but fail when a certificate is made.
 */

/** A parsed key: a Node key, or a DSA key kept as its OpenSSL DER (Go cannot sign with DSA anyway). */
export type PrivateKey = { kind: 'node'; key: KeyObject } | { kind: 'dsa'; der: Buffer };

/** The named curves Go's crypto/x509 knows (P-224, P-256, P-384, P-521). */
const GO_CURVES = new Set(['secp224r1', 'prime256v1', 'secp384r1', 'secp521r1']);
/** PKCS#8 algorithms Go's ParsePKCS8PrivateKey reads: RSA, ECDSA, Ed25519, X25519. */
const PKCS8_ALGORITHMS = new Set(['1.2.840.113549.1.1.1', '1.2.840.10045.2.1', '1.3.101.112', '1.3.101.110']);

/** Whether Go's x509 can sign with the key (it implements crypto.Signer). */
export function canSign(key: PrivateKey): key is { kind: 'node'; key: KeyObject } {
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

/** The algorithm OID of a PKCS#8 PrivateKeyInfo, or undefined when it is not one. */
function pkcs8Algorithm(der: Buffer): string | undefined {
  try {
    return readOid(children(children(readOnly(der))[1])[0]);
  } catch {
    return undefined;
  }
}

/**
 * OpenSSL's DSA private key: SEQUENCE { version, p, q, g, y, x } (sprig's DSAKeyFormat), re-encoded as Go would;
 * asn1.Unmarshal ignores data after it, and so does this.
 */
function readDsaKey(der: Buffer): Buffer {
  try {
    const fields = children(readElement(der)).map(readInteger);
    if (fields.length !== 6) throw new Error('wrong number of fields');
    return sequence(...fields.map(integer));
  } catch {
    throw new Error('parsing DSA private key from PEM: asn1: structure error: the key is not a DSA private key');
  }
}

/** sprig's parsePrivateKeyPEM, with its error texts (the parsers' own messages are approximations of Go's). */
export function parsePrivateKeyPem(text: string): PrivateKey {
  const block = pemDecode(text);
  if (!block) throw new Error('no PEM data in input');
  if (block.type === 'PRIVATE KEY') {
    const algorithm = pkcs8Algorithm(block.bytes);
    if (algorithm === undefined) throw new Error('decoding PEM as PKCS#8: x509: malformed PKCS#8 private key');
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
  const { privateKey, publicKey } = generateKeyPairSync('dsa', { modulusLength: 2048, divisorLength: 256 });
  const [, algorithm, secret] = children(readElement(privateKey.export({ type: 'pkcs8', format: 'der' })));
  const [p, q, g] = children(children(algorithm)[1]).map(readInteger);
  const x = readInteger(readElement(secret.content));
  const spki = children(readElement(publicKey.export({ type: 'spki', format: 'der' })));
  const y = readInteger(readElement(spki[1].content.subarray(1)));
  return pemEncode('DSA PRIVATE KEY', sequence(integer(0n), integer(p), integer(q), integer(g), integer(y), integer(x)));
}


