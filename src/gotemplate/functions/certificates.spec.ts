import { createHash, createPrivateKey, generateKeyPairSync, X509Certificate } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_LIMITS, GoTemplateExecError, parseGoTemplate, type GoValue } from '../index';
import { GoCertificate } from './certificates';
import { children, integer, octetString, readElement, readOid, readOnly, sequence, tlv, TAG } from './der';
import { pemDecode, pemEncode } from './pem';
import { KEY_OPERATION_STEPS } from './private-keys';
import { call, functions } from './testing/function-table';

// The fixed clock reads 2026-01-02T03:04:05.123Z: certificates are valid from 03:04:05 that day.
const VALID_FROM = 'Jan  2 03:04:05 2026 GMT';

const keyPem = (type: 'ec' | 'ed25519' | 'x25519', options: object = {}, format: 'sec1' | 'pkcs8' = 'pkcs8'): string =>
  generateKeyPairSync(type as 'ec', options as { namedCurve: string }).privateKey.export({ type: format, format: 'pem' }).toString();

function render(text: string, params: GoValue = {}): string {
  return parseGoTemplate('base', text, functions).execute(params);
}

/** The extensions of a certificate as [OID, critical, value] (DER read independently of Node's parser). */
function extensions(certPem: string): Array<[string, boolean, Buffer]> {
  const tbs = children(children(readOnly(pemDecode(certPem)!.bytes))[0]);
  const wrapper = tbs.find((field) => field.tag === 0xa3)!;
  return children(children(wrapper)[0]).map((extension) => {
    const parts = children(extension);
    const critical = parts.length === 3 && parts[1].tag === TAG.BOOLEAN && parts[1].content[0] === 0xff;
    return [readOid(parts[0]), critical, parts[parts.length - 1].content];
  });
}

const extensionValue = (certPem: string, oid: string): Buffer | undefined => extensions(certPem).find(([id]) => id === oid)?.[2];
const signatureOid = (certPem: string): string => readOid(children(children(readOnly(pemDecode(certPem)!.bytes))[1])[0]);
/** SHA-256 of the public key bits, first 20 bytes: the CA's subject key identifier as Go 1.25 derives it. */
const expectedKeyId = (certPem: string): Buffer => {
  const spki = new X509Certificate(certPem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(children(readOnly(spki))[1].content.subarray(1)).digest().subarray(0, 20);
};

describe('sprig certificates', () => {
  let ca: GoCertificate;
  let leaf: GoCertificate;
  let selfSigned: GoCertificate;

  beforeAll(() => {
    ca = call('genCA', 'my-ca', 365n) as GoCertificate;
    leaf = call('genSignedCert', 'api.local', ['10.0.0.1', '::1'], ['api.local', 'api'], 30n, ca) as GoCertificate;
    selfSigned = call('genSelfSignedCert', 'self.local', ['192.168.1.1'], ['self.local'], 7n) as GoCertificate;
  });

  it('genCA: a self-signed CA with an RSA 2048 key, valid for the given days from the clock', () => {
    const cert = new X509Certificate(ca.cert);
    expect(cert.subject).toBe('CN=my-ca');
    expect(cert.issuer).toBe('CN=my-ca');
    expect(cert.ca).toBe(true);
    expect(cert.validFrom).toBe(VALID_FROM);
    expect(cert.validTo).toBe('Jan  2 03:04:05 2027 GMT');
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(ca.key))).toBe(true);
    expect(cert.serialNumber).toMatch(/^[0-9A-F]{1,32}$/);
    expect(cert.keyUsage).toEqual(['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    expect(cert.publicKey.asymmetricKeyDetails?.modulusLength).toBe(2048);
    expect(ca.key).toMatch(/^-----BEGIN RSA PRIVATE KEY-----\n[\s\S]+\n-----END RSA PRIVATE KEY-----\n$/);
    expect(ca.cert).toMatch(/^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{64}\n)+[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/);
    expect(signatureOid(ca.cert)).toBe('1.2.840.113549.1.1.11');
  });

  it('genCA writes Go\'s extensions in Go\'s order: key usage with cert signing, basic constraints CA, a key identifier', () => {
    expect(extensions(ca.cert).map(([oid, critical]) => [oid, critical])).toEqual([
      ['2.5.29.15', true], ['2.5.29.37', false], ['2.5.29.19', true], ['2.5.29.14', false],
    ]);
    expect(extensionValue(ca.cert, '2.5.29.15')!.toString('hex')).toBe('030202a4');
    expect(extensionValue(ca.cert, '2.5.29.19')!.toString('hex')).toBe('30030101ff');
    expect(readElement(extensionValue(ca.cert, '2.5.29.14')!).content).toEqual(expectedKeyId(ca.cert));
  });

  it('genSignedCert: signed by the CA, with its key identifier, the SANs DNS first, and a leaf key usage', () => {
    const cert = new X509Certificate(leaf.cert);
    const authority = new X509Certificate(ca.cert);
    expect(cert.subject).toBe('CN=api.local');
    expect(cert.issuer).toBe('CN=my-ca');
    expect(cert.ca).toBe(false);
    expect(cert.subjectAltName).toBe('DNS:api.local, DNS:api, IP Address:10.0.0.1, IP Address:0:0:0:0:0:0:0:1');
    expect(cert.validFrom).toBe(VALID_FROM);
    expect(cert.validTo).toBe('Feb  1 03:04:05 2026 GMT');
    expect(cert.verify(authority.publicKey)).toBe(true);
    expect(cert.checkIssued(authority)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(leaf.key))).toBe(true);
    expect(cert.serialNumber).not.toBe(authority.serialNumber);
    expect(extensions(leaf.cert).map(([oid, critical]) => [oid, critical])).toEqual([
      ['2.5.29.15', true], ['2.5.29.37', false], ['2.5.29.19', true], ['2.5.29.35', false], ['2.5.29.17', false],
    ]);
    expect(extensionValue(leaf.cert, '2.5.29.15')!.toString('hex')).toBe('030205a0');
    expect(extensionValue(leaf.cert, '2.5.29.19')!.toString('hex')).toBe('3000');
    const authorityKeyId = children(readOnly(extensionValue(leaf.cert, '2.5.29.35')!))[0];
    expect(authorityKeyId.tag).toBe(0x80);
    expect(authorityKeyId.content).toEqual(expectedKeyId(ca.cert));
  });

  it('genSelfSignedCert: its own issuer, no key identifiers, IPv4 addresses in four bytes', () => {
    const cert = new X509Certificate(selfSigned.cert);
    expect(cert.issuer).toBe('CN=self.local');
    expect(cert.ca).toBe(false);
    expect(cert.verify(cert.publicKey)).toBe(true);
    expect(cert.subjectAltName).toBe('DNS:self.local, IP Address:192.168.1.1');
    expect(cert.validTo).toBe('Jan  9 03:04:05 2026 GMT');
    expect(extensions(selfSigned.cert).map(([oid]) => oid)).toEqual(['2.5.29.15', '2.5.29.37', '2.5.29.19', '2.5.29.17']);
    expect(extensionValue(selfSigned.cert, '2.5.29.17')!.toString('hex')).toBe(`3012820a${Buffer.from('self.local').toString('hex')}8704c0a80101`);
  });

  it('genSelfSignedCertWithKey with an empty name: the SANs become critical (RFC 5280) and the subject is empty', () => {
    const key = keyPem('ec', { namedCurve: 'P-256' }, 'sec1');
    const cert = call('genSelfSignedCertWithKey', '', ['::ffff:10.1.2.3'], null, 1n, key) as GoCertificate;
    const subject = children(children(readOnly(pemDecode(cert.cert)!.bytes))[0])[5];
    expect(subject.raw.toString('hex')).toBe('3000');
    expect(new X509Certificate(cert.cert).subjectAltName).toBe('IP Address:10.1.2.3');
    expect(extensions(cert.cert).find(([oid]) => oid === '2.5.29.17')?.[1]).toBe(true);
  });

  it('genSignedCert for the CA\'s own name: no authority key identifier (Go adds one only when issuer and subject differ)', () => {
    const key = keyPem('ec', { namedCurve: 'P-256' }, 'sec1');
    const sameName = call('genSignedCertWithKey', 'my-ca', null, null, 1n, ca, key) as GoCertificate;
    expect(extensions(sameName.cert).map(([oid]) => oid)).toEqual(['2.5.29.15', '2.5.29.37', '2.5.29.19']);
    expect(new X509Certificate(sameName.cert).verify(new X509Certificate(ca.cert).publicKey)).toBe(true);
  });

  it.each([
    ['P-256 (SEC 1)', () => keyPem('ec', { namedCurve: 'P-256' }, 'sec1'), '1.2.840.10045.4.3.2', 'EC PRIVATE KEY'],
    ['P-384 (PKCS#8)', () => keyPem('ec', { namedCurve: 'P-384' }), '1.2.840.10045.4.3.3', 'EC PRIVATE KEY'],
    ['P-521', () => keyPem('ec', { namedCurve: 'P-521' }, 'sec1'), '1.2.840.10045.4.3.4', 'EC PRIVATE KEY'],
    ['Ed25519', () => keyPem('ed25519'), '1.3.101.112', 'PRIVATE KEY'],
  ])('genCAWithKey with a %s key signs with Go\'s algorithm for it and writes the key as Go does', (_title, makeKey, algorithm, keyType) => {
    const key = makeKey();
    const cert = call('genCAWithKey', 'keyed-ca', 10n, key) as GoCertificate;
    const parsed = new X509Certificate(cert.cert);
    expect(signatureOid(cert.cert)).toBe(algorithm);
    expect(parsed.verify(parsed.publicKey)).toBe(true);
    expect(parsed.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(pemDecode(cert.key)?.type).toBe(keyType);
  });

  it('genCAWithKey writes a PKCS#8 RSA key back as PKCS#1, as sprig\'s pemBlockForKey does', () => {
    const pkcs8 = createPrivateKey(ca.key).export({ type: 'pkcs8', format: 'pem' }).toString();
    const cert = call('genCAWithKey', 'rsa', 1n, pkcs8) as GoCertificate;
    expect(cert.key).toBe(ca.key);
  });

  it('genSignedCertWithKey: the given key, signed by the CA', () => {
    const key = keyPem('ec', { namedCurve: 'P-256' }, 'sec1');
    const signed = call('genSignedCertWithKey', 'worker', null, ['worker.local'], 2n, ca, key) as GoCertificate;
    const cert = new X509Certificate(signed.cert);
    expect(cert.checkIssued(new X509Certificate(ca.cert))).toBe(true);
    expect(cert.verify(new X509Certificate(ca.cert).publicKey)).toBe(true);
    expect(cert.checkPrivateKey(createPrivateKey(key))).toBe(true);
    expect(signed.key).toBe(key);
    expect(signatureOid(signed.cert)).toBe('1.2.840.113549.1.1.11');
  });

  it('buildCustomCert returns the decoded pair unchanged, usable as a CA', () => {
    const custom = call('buildCustomCert', Buffer.from(ca.cert).toString('base64'), Buffer.from(ca.key).toString('base64')) as GoCertificate;
    expect(custom.equals(ca)).toBe(true);
    const signed = call('genSignedCertWithKey', 'from-custom', null, null, 1n, custom, keyPem('ed25519')) as GoCertificate;
    expect(new X509Certificate(signed.cert).checkIssued(new X509Certificate(ca.cert))).toBe(true);
  });

  it('validity days are Go\'s int64 nanoseconds: negative days end before they start, past 292 years they wrap', () => {
    const key = keyPem('ec', { namedCurve: 'P-256' }, 'sec1');
    expect(new X509Certificate((call('genCAWithKey', 'x', -1n, key) as GoCertificate).cert).validTo).toBe('Jan  1 03:04:05 2026 GMT');
    expect(new X509Certificate((call('genCAWithKey', 'x', 100000n, key) as GoCertificate).cert).validTo).toMatch(/ 2299 GMT$/);
    expect(new X509Certificate((call('genCAWithKey', 'x', 106752n, key) as GoCertificate).cert).validTo).toMatch(/ 1733 GMT$/);
  });

  it('is sprig\'s certificate struct in templates: .Cert and .Key fields, struct printing, equality and JSON', () => {
    const params = { key: keyPem('ec', { namedCurve: 'P-256' }, 'sec1') };
    const template = '{{ $c := genCAWithKey "t" 1 .key }}{{ $c.Cert | trunc 27 }}|{{ eq $c.Key .key }}|{{ typeOf $c }}|{{ kindOf $c }}|{{ eq $c $c }}|{{ $c | toJson | trunc 9 }}';
    expect(render(template, params)).toBe('-----BEGIN CERTIFICATE-----|true|sprig.certificate|struct|true|{"Cert":"');
    expect(render('{{ $c := genCAWithKey "t" 1 .key }}{{ printf "%v" $c | trunc 28 }}|{{ printf "%+v" $c | trunc 33 }}', params)).toBe('{-----BEGIN CERTIFICATE-----|{Cert:-----BEGIN CERTIFICATE-----');
  });
});

describe('sprig certificate errors', () => {
  let ca: GoCertificate;
  const ecKey = keyPem('ec', { namedCurve: 'P-256' }, 'sec1');

  beforeAll(() => {
    ca = call('genCAWithKey', 'ca', 1n, keyPem('ec', { namedCurve: 'P-256' }, 'sec1')) as GoCertificate;
  });

  it.each<[string, () => GoValue[], string, RegExp]>([
    ['a dict for the CA (Go wants its certificate struct)', () => ['x', null, null, 1n, { Cert: 'a', Key: 'b' }], 'genSignedCert', /wrong type for value; expected sprig.certificate; got map\[string\]interface \{\}/],
    ['a string for the IP list', () => ['x', '10.0.0.1', null, 1n], 'genSelfSignedCert', /wrong type for value; expected \[\]interface \{\}; got string/],
    ['a JSON number of days', () => ['x', 1], 'genCA', /wrong type for value; expected int; got float64/],
    ['an IP that is not a string', () => ['x', [5], null, 1n, ecKey], 'genSelfSignedCertWithKey', /^error parsing ip: 5 is not a string$/],
    ['an IP Go cannot parse', () => ['x', ['10.0.0.256'], null, 1n, ecKey], 'genSelfSignedCertWithKey', /^error parsing ip: 10.0.0.256$/],
    ['a DNS name that is not a string', () => ['x', null, [true], 1n, ecKey], 'genSelfSignedCertWithKey', /^error processing alternate dns name: true is not a string$/],
    ['a DNS name outside ASCII', () => ['x', null, ['b\u00fccher.de'], 1n, ecKey], 'genSelfSignedCertWithKey', /^error creating certificate: x509: "b\u00fccher.de" cannot be encoded as an IA5String$/],
    ['a key that is not PEM', () => ['x', 1n, 'junk'], 'genCAWithKey', /^parsing private key: no PEM data in input$/],
    ['a PEM block that is not a key', () => ['x', 1n, ca.cert], 'genCAWithKey', /^parsing private key: no private key data in PEM block of type CERTIFICATE$/],
    ['an unknown key type', () => ['x', 1n, '-----BEGIN FOO PRIVATE KEY-----\naGk=\n-----END FOO PRIVATE KEY-----\n'], 'genCAWithKey', /^parsing private key: invalid private key type FOO PRIVATE KEY$/],
    ['a curve Go does not know', () => ['x', 1n, keyPem('ec', { namedCurve: 'secp256k1' }, 'sec1')], 'genCAWithKey', /^parsing private key: parsing EC private key from PEM: x509: unknown elliptic curve$/],
    ['an RSA-PSS key (unknown to Go\'s PKCS#8)', () => ['x', 1n, generateKeyPairSync('rsa-pss', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString()], 'genCAWithKey', /^parsing private key: decoding PEM as PKCS#8: x509: PKCS#8 wrapping contained private key with unknown algorithm: 1.2.840.113549.1.1.10$/],
    ['a DSA key, which cannot sign', () => ['x', 1n, call('genPrivateKey', 'dsa')], 'genCAWithKey', /^error creating certificate: x509: certificate private key does not implement crypto.Signer$/],
    ['an X25519 key, which cannot sign', () => ['x', 1n, keyPem('x25519')], 'genCAWithKey', /^error creating certificate: x509: certificate private key does not implement crypto.Signer$/],
    ['a DSA leaf key under a CA', () => ['x', null, null, 1n, ca, call('genPrivateKey', 'dsa')], 'genSignedCertWithKey', /^error creating certificate: x509: unsupported public key type: \*dsa.PublicKey$/],
    ['a CA certificate that is not PEM', () => ['x', null, null, 1n, new GoCertificate('nope', ecKey), ecKey], 'genSignedCertWithKey', /^unable to decode certificate$/],
    ['a CA certificate that is not X.509', () => ['x', null, null, 1n, new GoCertificate('-----BEGIN CERTIFICATE-----\naGk=\n-----END CERTIFICATE-----\n', ecKey), ecKey], 'genSignedCertWithKey', /^error parsing certificate: decodedSignerCert.Bytes: x509: malformed certificate$/],
    ['a CA key that is not PEM', () => ['x', null, null, 1n, new GoCertificate(ca.cert, 'nope'), ecKey], 'genSignedCertWithKey', /^error parsing private key: no PEM data in input$/],
    ['a CA key that is not the CA certificate\'s', () => ['x', null, null, 1n, new GoCertificate(ca.cert, ecKey), ecKey], 'genSignedCertWithKey', /^error creating certificate: x509: provided PrivateKey doesn't match parent's PublicKey$/],
    ['a bad leaf key before a bad CA (sprig parses the key first)', () => ['x', null, null, 1n, new GoCertificate('nope', 'nope'), 'junk'], 'genSignedCertWithKey', /^parsing private key: no PEM data in input$/],
    ['base64 that is not', () => ['%%%', 'aGk='], 'buildCustomCert', /^unable to decode base64 certificate$/],
    ['a key in bad base64', () => [Buffer.from(ca.cert).toString('base64'), '%%%'], 'buildCustomCert', /^unable to decode base64 private key$/],
    ['a custom certificate that is not PEM', () => ['aGk=', 'aGk='], 'buildCustomCert', /^unable to decode certificate$/],
    ['a custom key that is not PEM', () => [Buffer.from(ca.cert).toString('base64'), 'aGk='], 'buildCustomCert', /^error parsing private key: no PEM data in input$/],
  ])('%s', (_title, args, name, message) => {
    expect(() => call(name, ...args())).toThrow(message);
  });
});

describe('sprig certificate functions on hostile input', () => {
  const ecKey = keyPem('ec', { namedCurve: 'P-256' }, 'sec1');
  const dsaKey = (...fields: Buffer[]): string => pemEncode('DSA PRIVATE KEY', sequence(...fields));
  const small = [0n, 23n, 11n, 2n, 5n, 3n].map((value) => integer(value));

  // Each of these took minutes or hours (quadratic time) before.
  it.each<[string, () => GoValue[], RegExp]>([
    ['a key whose BEGIN line ends in a million spaces', () => [`-----BEGIN ${' '.repeat(1_000_000)}x`], /^parsing private key: no PEM data in input$/],
    ['a key of 58,000 BEGIN lines', () => ['-----BEGIN A-----\n'.repeat(58_000)], /^parsing private key: no PEM data in input$/],
    ['a DSA key with an INTEGER of a million bytes', () => [dsaKey(integer(0n), integer(1n << 8_000_000n), ...small.slice(2))], /^parsing private key: parsing DSA private key from PEM: asn1: structure error: integer too large$/],
    ['a DSA key over 16384 bits', () => [dsaKey(integer(0n), integer(1n << 16384n), ...small.slice(2))], /^parsing private key: parsing DSA private key from PEM: asn1: structure error: integer too large$/],
    ['a PKCS#8 key whose algorithm has an arc of a million bytes', () => [pemEncode('PRIVATE KEY', sequence(integer(0n), sequence(tlv(TAG.OID, Buffer.concat([Buffer.alloc(1_000_000, 0xff), Buffer.from([1])]))), octetString(Buffer.alloc(1))))],
      /^parsing private key: decoding PEM as PKCS#8: asn1: structure error: object identifier too long$/],
    ['a PKCS#8 key whose algorithm has an arc over 31 bits', () => [pemEncode('PRIVATE KEY', sequence(integer(0n), sequence(tlv(TAG.OID, Buffer.from('2a8880808000', 'hex'))), octetString(Buffer.alloc(1))))],
      /^parsing private key: decoding PEM as PKCS#8: asn1: structure error: base 128 integer too large$/],
  ])('genCAWithKey refuses %s', (_title, args, message) => {
    expect(() => call('genCAWithKey', 'x', 1n, ...args())).toThrow(message);
  });

  it.each([
    ['elements after the six', [...small, integer(7n), octetString(Buffer.from('extra'))]],
    ['bytes after the six that are no element', [...small, Buffer.from([0xff])]],
  ])('reads a DSA key with %s, as asn1.Unmarshal does (it then fails where Go does: DSA cannot sign)', (_title, fields) => {
    expect(() => call('genCAWithKey', 'x', 1n, dsaKey(...fields))).toThrow(/^error creating certificate: x509: certificate private key does not implement crypto.Signer$/);
    expect(() => call('genCAWithKey', 'x', 1n, dsaKey(...small.slice(0, 5)))).toThrow(/^parsing private key: parsing DSA private key from PEM: asn1: structure error: the key is not a DSA private key$/);
  });

  describe('key generation and signing are charged to the step limit and the shared budget', () => {
    /** The steps a template spends from a shared budget. */
    const spent = (text: string, params: GoValue = {}): number => {
      const budget = { remaining: 100_000_000 };
      parseGoTemplate('base', text, functions).execute(params, { budget });
      return 100_000_000 - budget.remaining;
    };

    it.each([
      ['a signature with a given key', '{{ genCAWithKey "x" 1 .key }}', 1],
      ['a generated key and its signature', '{{ genCA "x" 1 }}', 2],
      ['a generated leaf key and the CA\'s signature', '{{ genSignedCert "x" nil nil 1 (genCAWithKey "ca" 1 .key) }}', 3],
      ['an ECDSA key of genPrivateKey', '{{ genPrivateKey "ecdsa" }}', 1],
      ['nothing for a type genPrivateKey does not know', '{{ genPrivateKey "x" }}', 0],
    ])('%s', (_title, text, operations) => {
      const steps = spent(text, { key: ecKey });
      expect(steps).toBeGreaterThanOrEqual(operations * KEY_OPERATION_STEPS);
      expect(steps).toBeLessThan(operations * KEY_OPERATION_STEPS + 50);
    });

    it('a loop of them stops with the engine\'s step error after 39 signatures in one execution', () => {
      const loop = (count: number) => parseGoTemplate('base', `{{ range until ${count} }}{{ (genCAWithKey "x" 1 $.key).Cert | trunc 5 }}{{ end }}`, functions);
      expect(loop(39).execute({ key: ecKey })).toBe('-----'.repeat(39));
      for (const count of [40, 100_000]) {
        expect(() => loop(count).execute({ key: ecKey })).toThrow(GoTemplateExecError);
        expect(() => loop(count).execute({ key: ecKey })).toThrow(/^template: base:1:\d+: executing "base" at <genCAWithKey "x" 1 \$\.\.\.>: execution exceeded 10000000 steps$/);
      }
    });

    it('and across the executions that share an expansion\'s budget', () => {
      const loop = parseGoTemplate('base', '{{ range until 20 }}{{ $c := genCAWithKey "x" 1 $.key }}{{ end }}', functions);
      const budget = { remaining: DEFAULT_LIMITS.maxSteps };
      expect(loop.execute({ key: ecKey }, { budget })).toBe('');
      expect(() => loop.execute({ key: ecKey }, { budget })).toThrow(/at <genCAWithKey "x" 1 \$\.\.\.>: execution exceeded the step budget shared by this expansion$/);
    });
  });

  describe('genSelfSignedCert and genSignedCert check their arguments before generating a key', () => {
    let ecCa: GoCertificate;
    let dsaPem: string;
    beforeAll(() => {
      ecCa = call('genCAWithKey', 'ca', 1n, ecKey) as GoCertificate;
      dsaPem = call('genPrivateKey', 'dsa') as string;
    });

    it.each<[string, string, () => GoValue, RegExp]>([
      ['a DNS name outside ASCII', '{{ genSelfSignedCert "x" nil (list "b\u00fccher.de") 1 }}', () => ({}), /error creating certificate: x509: "b\u00fccher.de" cannot be encoded as an IA5String$/],
      ['a DNS name outside ASCII under a CA', '{{ genSignedCert "x" nil (list "b\u00fccher.de") 1 .ca }}', () => ({ ca: ecCa }), /cannot be encoded as an IA5String$/],
      ['a CA key that is not the CA certificate\'s', '{{ genSignedCert "x" nil nil 1 .ca }}', () => ({ ca: new GoCertificate(ecCa.cert, keyPem('ec', { namedCurve: 'P-256' }, 'sec1')) }), /x509: provided PrivateKey doesn't match parent's PublicKey$/],
      ['a DSA CA key', '{{ genSignedCert "x" nil nil 1 .ca }}', () => ({ ca: new GoCertificate(ecCa.cert, dsaPem) }), /x509: certificate private key does not implement crypto.Signer$/],
      ['an X25519 CA key', '{{ genSignedCert "x" nil nil 1 .ca }}', () => ({ ca: new GoCertificate(ecCa.cert, keyPem('x25519')) }), /x509: certificate private key does not implement crypto.Signer$/],
    ])('%s: it fails and no key is generated (none is charged)', (_title, text, params, message) => {
      const budget = { remaining: 10_000_000 };
      expect(() => parseGoTemplate('base', text, functions).execute(params(), { budget })).toThrow(message);
      expect(10_000_000 - budget.remaining).toBeLessThan(50);
    });
  });
});
