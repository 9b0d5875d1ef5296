import { generateKeyPairSync, randomBytes } from 'node:crypto';
import type { Clock } from '../../clock/clock';
import { goQuote } from '../quote';
import { chargeSteps } from '../step-meter';
import { formatValue, GoObject, type GoMember, type GoValue } from '../value';
import { buildFunctions, fail, intArg, sliceArg, objectArg, stringArg } from './args';
import { base64Decode } from './encoding';
import { timeFromDate } from './go-time/time';
import { parseIp } from './net-ip';
import { pemDecode, pemEncode } from './pem';
import { canSign, KEY_OPERATION_STEPS, parsePrivateKeyPem, privateKeyPem, publicKeyType, type PrivateKey, type NodeKey } from './private-keys';
import { checkCertificate, createCertificate, readIssuer, type Issuer } from './x509';

/**
 * sprig's certificate functions (crypto.go): genCA, genSelfSignedCert and genSignedCert with a fresh RSA 2048 key or,
 * in their WithKey forms, a given PEM key; buildCustomCert wraps an existing pair. Each returns sprig's
 * `certificate` struct, whose Cert and Key fields hold PEM text (`{{ (genCA "ca" 365).Cert }}`).
 */

/** sprig's unexported `certificate{Cert, Key string}` struct. */
export class GoCertificate extends GoObject {
  readonly typeName = 'sprig.certificate';
  readonly kind = 'struct';
  constructor(readonly cert: string, readonly key: string) {
    super();
  }
  override fields(): ReadonlyArray<readonly [string, GoValue]> {
    return [['Cert', this.cert], ['Key', this.key]];
  }
  goSyntax(): string {
    return `sprig.certificate{Cert:${goQuote(this.cert, false)}, Key:${goQuote(this.key, false)}}`;
  }
  equals(other: GoObject): boolean {
    return other instanceof GoCertificate && other.cert === this.cert && other.key === this.key;
  }
  jsonValue(): GoValue {
    return { Cert: this.cert, Key: this.key };
  }
  member(name: string): GoMember | undefined {
    if (name === 'Cert') return { kind: 'field', value: this.cert };
    if (name === 'Key') return { kind: 'field', value: this.key };
    return undefined;
  }
}

const DAY_NANOS = 86_400_000_000_000n;

/** sprig's keys for generated certificates: RSA 2048 (0.1 to 0.3 s of CPU each on the development machine), charged as such. */
function generateRsaKey(): NodeKey {
  chargeSteps(KEY_OPERATION_STEPS);
  return { kind: 'node', key: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey };
}

interface AltNames {
  ipAddresses: Buffer[];
  dnsNames: string[];
}

/** getNetIPs and getAlternateDNSStrs: strings only, IPs as net.ParseIP reads them. */
function altNames(ips: GoValue[] | null, dns: GoValue[] | null): AltNames {
  const ipAddresses = (ips ?? []).map((ip) => {
    if (typeof ip !== 'string') return fail(`error parsing ip: ${formatValue(ip)} is not a string`);
    return parseIp(ip) ?? fail(`error parsing ip: ${ip}`);
  });
  const dnsNames = (dns ?? []).map((name) => (typeof name === 'string' ? name : fail(`error processing alternate dns name: ${formatValue(name)} is not a string`)));
  return { ipAddresses, dnsNames };
}

const parseKey = (text: string, prefix: string): PrivateKey => {
  try {
    return parsePrivateKeyPem(text);
  } catch (error) {
    return fail(`${prefix}${(error as Error).message}`);
  }
};

const SIGNER_ERROR = 'error creating certificate: x509: certificate private key does not implement crypto.Signer';

/** The parent of a signed certificate: the CA's certificate, and its key once known to sign. */
interface Authority {
  issuer: Issuer;
  key: NodeKey;
}

/** The signing CA of genSignedCert: its certificate, then its key, checked in sprig's order. */
function signer(ca: GoCertificate): { issuer: Issuer; key: PrivateKey } {
  const block = pemDecode(ca.cert);
  if (!block) fail('unable to decode certificate');
  const issuer = readIssuer(block.bytes) ?? fail('error parsing certificate: decodedSignerCert.Bytes: x509: malformed certificate');
  return { issuer, key: parseKey(ca.key, 'error parsing private key: ') };
}

export function certificateFunctions(clock: Pick<Clock, 'now'>) {
  /**
   * getBaseCertTemplate and getCertAndKey: a random 128-bit serial, valid from now for `days` days. The subject's key
   * is `givenKey`, or a fresh RSA key when undefined; the certificate is signed by `authority`, or self-signed.
   */
  const issue = (commonName: string, names: AltNames, days: bigint, isCA: boolean, givenKey: PrivateKey | undefined, authority?: Authority): GoCertificate => {
    // x509.CreateCertificate's checks, in its order: the signer (the CA's key was checked by `signed`), the subject's
    // key, then checkCertificate. A generated key is RSA and passes its own check, so all of them run before it is
    // generated: a call bound to fail costs no key (sprig generates first; generating cannot fail, so the outcome is
    // the same).
    if (!authority && givenKey && !canSign(givenKey)) fail(SIGNER_ERROR);
    if (givenKey && !canSign(givenKey)) fail(`error creating certificate: x509: unsupported public key type: ${publicKeyType(givenKey)}`);
    try {
      checkCertificate(names.dnsNames, authority && { issuer: authority.issuer, signer: authority.key.key });
    } catch (error) {
      return fail(`error creating certificate: ${(error as Error).message}`);
    }
    // The signature is charged before any work is done; generateRsaKey charges the key.
    chargeSteps(KEY_OPERATION_STEPS);
    const subjectKey = givenKey ?? generateRsaKey();
    const now = timeFromDate(clock.now());
    const template = {
      serial: BigInt(`0x${randomBytes(16).toString('hex')}`),
      commonName,
      notBefore: now.unix(),
      // time.Hour * 24 * time.Duration(daysValid) is int64 arithmetic: it wraps past about 292 years, as in Go.
      notAfter: now.add(BigInt.asIntN(64, DAY_NANOS * days)).unix(),
      isCA,
      ...names,
    };
    let der: Buffer;
    try {
      der = createCertificate(template, subjectKey.key, (authority?.key ?? subjectKey).key, authority?.issuer);
    } catch (error) {
      return fail(`error creating certificate: ${(error as Error).message}`);
    }
    return new GoCertificate(pemEncode('CERTIFICATE', der), privateKeyPem(subjectKey));
  };

  // A given key is parsed with the arguments, first, as in sprig; a key is generated only once every check has passed.
  const ca = (commonName: string, days: bigint, key?: PrivateKey): GoCertificate => issue(commonName, { ipAddresses: [], dnsNames: [] }, days, true, key);
  const selfSigned = (commonName: string, ips: GoValue[] | null, dns: GoValue[] | null, days: bigint, key?: PrivateKey): GoCertificate =>
    issue(commonName, altNames(ips, dns), days, false, key);
  const signed = (commonName: string, ips: GoValue[] | null, dns: GoValue[] | null, days: bigint, authority: GoCertificate, key?: PrivateKey): GoCertificate => {
    const parent = signer(authority);
    const names = altNames(ips, dns);
    if (!canSign(parent.key)) fail(SIGNER_ERROR);
    return issue(commonName, names, days, false, key, { issuer: parent.issuer, key: parent.key });
  };

  const days = (value: GoValue): bigint => {
    intArg(value);
    return value as bigint;
  };
  const caArg = (value: GoValue): GoCertificate => objectArg(value, 'sprig.certificate', GoCertificate);
  const given = (text: string): PrivateKey => parseKey(text, 'parsing private key: ');

  return buildFunctions({
    genCA: [2, 2, (cn, d) => ca(stringArg(cn), days(d))],
    genCAWithKey: [3, 3, (cn, d, key) => ca(stringArg(cn), days(d), given(stringArg(key)))],
    genSelfSignedCert: [4, 4, (cn, ips, dns, d) => selfSigned(stringArg(cn), sliceArg(ips), sliceArg(dns), days(d))],
    genSelfSignedCertWithKey: [5, 5, (cn, ips, dns, d, key) => selfSigned(stringArg(cn), sliceArg(ips), sliceArg(dns), days(d), given(stringArg(key)))],
    genSignedCert: [5, 5, (cn, ips, dns, d, authority) => signed(stringArg(cn), sliceArg(ips), sliceArg(dns), days(d), caArg(authority))],
    genSignedCertWithKey: [6, 6, (cn, ips, dns, d, authority, key) =>
      signed(stringArg(cn), sliceArg(ips), sliceArg(dns), days(d), caArg(authority), given(stringArg(key)))],
    buildCustomCert: [2, 2, (cert, key) => buildCustomCert(stringArg(cert), stringArg(key))],
  });
}

/** buildCustomCertificate: a base64 PEM certificate and key, checked, returned as they were given. */
function buildCustomCert(certBase64: string, keyBase64: string): GoCertificate {
  const decode = (text: string, what: string): string => {
    try {
      return base64Decode(text).toString('utf8');
    } catch {
      return fail(`unable to decode base64 ${what}`);
    }
  };
  const cert = decode(certBase64, 'certificate');
  const key = decode(keyBase64, 'private key');
  const block = pemDecode(cert);
  if (!block) fail('unable to decode certificate');
  if (!readIssuer(block.bytes)) fail('error parsing certificate: decodedCert.Bytes: x509: malformed certificate');
  parseKey(key, 'error parsing private key: ');
  return new GoCertificate(cert, key);
}
