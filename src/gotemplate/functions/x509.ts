import { createHash, createPublicKey, sign, X509Certificate, type KeyObject } from 'node:crypto';
import { goQuote } from '../quote';
import { bitString, boolean, children, contextSpecific, integer, octetString, oid, readElement, readOid, sequence, setOf, tlv, TAG, nullValue, type DerElement } from './der';

/**
 * crypto/x509.CreateCertificate for the certificates sprig's genCA, genSelfSignedCert and genSignedCert make: v3,
 * the subject a common name only, validity in UTC (UTCTime until 2049, GeneralizedTime after), and the extensions in
 * Go's order with Go's criticality: key usage, extended key usage (server and client auth), basic constraints, the
 * subject key identifier of a CA (SHA-256 of its key, first 20 bytes, as Go 1.25 derives it), the issuer's key
 * identifier, then the alternative names (DNS names before IP addresses). Node signs the TBSCertificate.
 */

export interface CertificateTemplate {
  serial: bigint;
  commonName: string;
  /** Unix seconds (fractions are not encoded). */
  notBefore: bigint;
  notAfter: bigint;
  isCA: boolean;
  dnsNames: string[];
  ipAddresses: Buffer[];
}

/** The parent of a signed certificate, read from the CA's certificate. */
export interface Issuer {
  rawSubject: Buffer;
  subjectKeyId?: Buffer;
  publicKey: Buffer;
}

const OID = {
  commonName: '2.5.4.3',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  basicConstraints: '2.5.29.19',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  subjectAltName: '2.5.29.17',
  serverAuth: '1.3.6.1.5.5.7.3.1',
  clientAuth: '1.3.6.1.5.5.7.3.2',
};

/** Go's default signature algorithm for a key: SHA-256 with RSA, ECDSA with the curve's hash, or pure Ed25519. */
export function signatureAlgorithm(key: KeyObject): { identifier: Buffer; hash: string | null } {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return { identifier: sequence(oid('1.2.840.113549.1.1.11'), nullValue()), hash: 'sha256' };
    case 'ed25519':
      return { identifier: sequence(oid('1.3.101.112')), hash: null };
    case 'ec': {
      const curve = key.asymmetricKeyDetails?.namedCurve;
      const hash = curve === 'secp384r1' ? 'sha384' : curve === 'secp521r1' ? 'sha512' : 'sha256';
      const suffix = { sha256: '2', sha384: '3', sha512: '4' }[hash];
      return { identifier: sequence(oid(`1.2.840.10045.4.3.${suffix}`)), hash };
    }
    default:
      throw new Error('x509: only RSA, ECDSA and Ed25519 keys supported');
  }
}

/** asn1's choice for a Go string: PrintableString when every byte allows it ('*' and '&' do not), else UTF8String. */
function directoryString(text: string): Buffer {
  const printable = /^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text);
  return tlv(printable ? TAG.PRINTABLE_STRING : TAG.UTF8_STRING, Buffer.from(text, 'utf8'));
}

/** pkix.Name{CommonName: cn}.ToRDNSequence(): one RDN, or none for an empty name. */
function subjectName(commonName: string): Buffer {
  if (commonName === '') return sequence();
  return sequence(setOf(sequence(oid(OID.commonName), directoryString(commonName))));
}

/** asn1's time: UTCTime for 1950-2049, GeneralizedTime otherwise (years 0-9999 only). */
function asn1Time(unixSeconds: bigint): Buffer {
  const date = new Date(Number(unixSeconds) * 1000);
  const year = date.getUTCFullYear();
  if (Number.isNaN(year) || year < 0 || year > 9999) throw new Error('asn1: structure error: cannot represent time as GeneralizedTime');
  const rest = [date.getUTCMonth() + 1, date.getUTCDate(), date.getUTCHours(), date.getUTCMinutes(), date.getUTCSeconds()].map((n) => String(n).padStart(2, '0')).join('');
  if (year >= 1950 && year < 2050) return tlv(TAG.UTC_TIME, Buffer.from(`${String(year % 100).padStart(2, '0')}${rest}Z`));
  return tlv(TAG.GENERALIZED_TIME, Buffer.from(`${String(year).padStart(4, '0')}${rest}Z`));
}

function extension(id: string, critical: boolean, value: Buffer): Buffer {
  return sequence(oid(id), ...(critical ? [boolean(true)] : []), octetString(value));
}

/** Key usage bits in ASN.1 order: digitalSignature (0), keyEncipherment (2), and keyCertSign (5) for a CA. */
function keyUsage(isCA: boolean): Buffer {
  return isCA ? bitString(Buffer.from([0xa4]), 2) : bitString(Buffer.from([0xa0]), 5);
}

function subjectAltNames(dnsNames: string[], ipAddresses: Buffer[]): Buffer {
  return sequence(...dnsNames.map((name) => contextSpecific(2, Buffer.from(name, 'utf8'), false)), ...ipAddresses.map((ip) => contextSpecific(7, ip, false)));
}

/** The bytes of the subjectPublicKey BIT STRING in an SPKI (what key identifiers hash). */
function publicKeyBits(spki: Buffer): Buffer {
  return children(readElement(spki))[1].content.subarray(1);
}

/**
 * The checks of CreateCertificate that do not look at the subject's key, in Go's order: the signer's key must be the
 * parent certificate's (compared by value, as Go's Equal does, not by encoding), then the DNS names must be IA5
 * strings (ASCII). createCertificate runs them; a caller about to generate the subject's key runs them first, so a
 * call bound to fail costs no key. Errors carry Go's texts.
 */
export function checkCertificate(dnsNames: string[], parent?: { issuer: Issuer; signer: KeyObject }): void {
  if (parent && !createPublicKey(parent.signer).equals(createPublicKey({ key: parent.issuer.publicKey, format: 'der', type: 'spki' }))) {
    throw new Error("x509: provided PrivateKey doesn't match parent's PublicKey");
  }
  for (const name of dnsNames) {
    if ([...name].some((char) => (char.codePointAt(0) ?? 0) > 0x7f)) throw new Error(`x509: ${goQuote(name, false)} cannot be encoded as an IA5String`);
  }
}

/**
 * CreateCertificate(template, parent, public key of subjectKey, signer) in DER; `issuer` undefined means self-signed
 * (the parent is the template). Errors carry Go's texts.
 */
export function createCertificate(template: CertificateTemplate, subjectKey: KeyObject, signer: KeyObject, issuer?: Issuer): Buffer {
  const algorithm = signatureAlgorithm(signer);
  const spki = createPublicKey(subjectKey).export({ type: 'spki', format: 'der' });
  const subject = subjectName(template.commonName);
  const issuerName = issuer?.rawSubject ?? subject;
  const authorityKeyId = issuer && !issuer.rawSubject.equals(subject) ? issuer.subjectKeyId : undefined;
  checkCertificate(template.dnsNames, issuer && { issuer, signer });
  const extensions = [
    extension(OID.keyUsage, true, keyUsage(template.isCA)),
    extension(OID.extKeyUsage, false, sequence(oid(OID.serverAuth), oid(OID.clientAuth))),
    extension(OID.basicConstraints, true, template.isCA ? sequence(boolean(true)) : sequence()),
  ];
  if (template.isCA) extensions.push(extension(OID.subjectKeyId, false, octetString(createHash('sha256').update(publicKeyBits(spki)).digest().subarray(0, 20))));
  if (authorityKeyId && authorityKeyId.length > 0) extensions.push(extension(OID.authorityKeyId, false, sequence(contextSpecific(0, authorityKeyId, false))));
  if (template.dnsNames.length > 0 || template.ipAddresses.length > 0) {
    // RFC 5280: the alternative names are critical when the subject is empty.
    extensions.push(extension(OID.subjectAltName, template.commonName === '', subjectAltNames(template.dnsNames, template.ipAddresses)));
  }
  const tbs = sequence(
    contextSpecific(0, integer(2n), true),
    integer(template.serial),
    algorithm.identifier,
    issuerName,
    sequence(asn1Time(template.notBefore), asn1Time(template.notAfter)),
    subject,
    spki,
    contextSpecific(3, sequence(...extensions), true),
  );
  return sequence(tbs, algorithm.identifier, bitString(sign(algorithm.hash, tbs, signer)));
}

/** The fields of a parsed certificate a signed certificate needs; undefined when Go's ParseCertificate would fail. */
export function readIssuer(der: Buffer): Issuer | undefined {
  try {
    // Node's parser stands in for Go's ParseCertificate: what it refuses is a malformed certificate.
    new X509Certificate(der);
    const certificate = readElement(der);
    if (certificate.end !== der.length) return undefined;
    const fields = children(children(certificate)[0]);
    const rest = fields[0].tag === 0xa0 ? fields.slice(1) : fields;
    const [, , , , subject, spki, ...optional] = rest;
    const extensions = optional.find((field) => field.tag === 0xa3);
    return { rawSubject: subject.raw, publicKey: spki.raw, subjectKeyId: extensions ? subjectKeyId(children(extensions)[0]) : undefined };
  } catch {
    return undefined;
  }
}

function subjectKeyId(extensions: DerElement): Buffer | undefined {
  for (const entry of children(extensions)) {
    const [id, ...rest] = children(entry);
    if (readOid(id) === OID.subjectKeyId) return readElement(rest[rest.length - 1].content).content;
  }
  return undefined;
}
