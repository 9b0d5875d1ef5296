import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { caFingerprint, normalizePem, PemError, type PemLabel } from './pem';
import { createTestPki, opensslOutputs, type TestPki } from './testing/test-pki';

let pki: TestPki;
let rsaPkcs1Key: string;
let ecSec1Key: string;
let encryptedKey: string;

beforeAll(async () => {
  pki = await createTestPki();
  [rsaPkcs1Key, ecSec1Key, encryptedKey] = await opensslOutputs(
    [
      ['genrsa', '-traditional', '-out', 'rsa.key', '2048'],
      ['ecparam', '-name', 'prime256v1', '-genkey', '-noout', '-out', 'ec.key'],
      ['pkcs8', '-topk8', '-in', 'ec.key', '-out', 'encrypted.key', '-v2', 'aes-256-cbc', '-passout', 'pass:secret'],
    ],
    ['rsa.key', 'ec.key', 'encrypted.key'],
  );
});

const b64 = (text: string): string => Buffer.from(text).toString('base64');
const bodyLines = (pem: string): string[] => pem.split('\n').filter((line) => line.length > 20 && !line.startsWith('-----'));

describe('normalizePem', () => {
  const good: { name: string; input: () => string; label: PemLabel; expected: () => string }[] = [
    { name: 'PEM certificate', input: () => pki.ca.cert, label: 'CERTIFICATE', expected: () => pki.ca.cert },
    { name: 'base64 of PEM (kubeconfig *-data)', input: () => b64(pki.ca.cert), label: 'CERTIFICATE', expected: () => pki.ca.cert },
    { name: 'base64 wrapped over lines', input: () => b64(pki.ca.cert).replace(/(.{76})/g, '$1\n'), label: 'CERTIFICATE', expected: () => pki.ca.cert },
    { name: 'CRLF line endings', input: () => pki.ca.cert.replace(/\n/g, '\r\n'), label: 'CERTIFICATE', expected: () => pki.ca.cert },
    { name: 'CA bundle keeps every certificate', input: () => pki.ca.cert + pki.otherCa.cert, label: 'CERTIFICATE', expected: () => pki.ca.cert + pki.otherCa.cert },
    { name: 'text around blocks is dropped', input: () => `Bag Attributes\n subject=/CN=x\n${pki.ca.cert}trailer`, label: 'CERTIFICATE', expected: () => pki.ca.cert },
    { name: 'PKCS#8 EC key', input: () => pki.client.key, label: 'PRIVATE KEY', expected: () => pki.client.key },
    { name: 'PKCS#1 RSA key', input: () => rsaPkcs1Key, label: 'PRIVATE KEY', expected: () => rsaPkcs1Key },
    { name: 'SEC1 EC key as base64', input: () => b64(ecSec1Key), label: 'PRIVATE KEY', expected: () => ecSec1Key },
  ];
  it.each(good)('accepts $name', ({ input, label, expected }) => {
    expect(normalizePem(input(), label)).toBe(expected());
  });

  const bad: { name: string; input: () => string; label: PemLabel; reason: RegExp }[] = [
    { name: 'empty input', input: () => '  ', label: 'CERTIFICATE', reason: /empty/ },
    { name: 'plain text', input: () => 'hello world!', label: 'CERTIFICATE', reason: /neither PEM nor base64/ },
    { name: 'base64 of DER', input: () => randomBytes(64).toString('base64'), label: 'CERTIFICATE', reason: /does not decode to PEM/ },
    { name: 'a key where a certificate belongs', input: () => pki.client.key, label: 'CERTIFICATE', reason: /expected a CERTIFICATE block, found a "PRIVATE KEY" block/ },
    { name: 'a certificate where a key belongs', input: () => pki.client.cert, label: 'PRIVATE KEY', reason: /expected a PRIVATE KEY block/ },
    { name: 'an encrypted key', input: () => encryptedKey, label: 'PRIVATE KEY', reason: /encrypted private keys are not supported/ },
    { name: 'two keys', input: () => pki.client.key + rsaPkcs1Key, label: 'PRIVATE KEY', reason: /expected one private key, found 2/ },
    { name: 'a garbage key body', input: () => `-----BEGIN PRIVATE KEY-----\n${randomBytes(48).toString('base64')}\n-----END PRIVATE KEY-----\n`, label: 'PRIVATE KEY', reason: /private key could not be parsed/ },
    { name: 'a garbage certificate', input: () => pki.ca.cert + `-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n`, label: 'CERTIFICATE', reason: /certificate 2 could not be parsed/ },
    { name: 'a block without END', input: () => pki.ca.cert.replace(/-----END CERTIFICATE-----\n$/, ''), label: 'CERTIFICATE', reason: /no complete PEM block/ },
    { name: 'a non-base64 body', input: () => '-----BEGIN CERTIFICATE-----\nnot*base64\n-----END CERTIFICATE-----', label: 'CERTIFICATE', reason: /not base64/ },
    { name: 'oversized input', input: () => 'A'.repeat(300 * 1024), label: 'CERTIFICATE', reason: /larger than/ },
  ];
  it.each(bad)('rejects $name without quoting the material', ({ input, label, reason }) => {
    const text = input();
    let caught: unknown;
    try {
      normalizePem(text, label);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(PemError);
    const message = (caught as PemError).message;
    expect(message).toMatch(reason);
    for (const line of bodyLines(text)) {
      expect(message).not.toContain(line);
    }
  });
});

describe('caFingerprint', () => {
  function opensslFingerprint(pem: string): string {
    const output = execFileSync('/usr/bin/openssl', ['x509', '-noout', '-fingerprint', '-sha256'], { input: pem }).toString();
    return output.trim().replace(/^.*Fingerprint=/i, '');
  }

  const rows: { name: string; input: () => string; expected: () => string }[] = [
    { name: 'a single certificate', input: () => pki.ca.cert, expected: () => opensslFingerprint(pki.ca.cert) },
    { name: 'the first certificate of a bundle', input: () => pki.otherCa.cert + pki.ca.cert, expected: () => opensslFingerprint(pki.otherCa.cert) },
    { name: 'base64 of PEM', input: () => b64(pki.ca.cert), expected: () => opensslFingerprint(pki.ca.cert) },
  ];
  it.each(rows)('matches openssl for $name', ({ input, expected }) => {
    const fingerprint = caFingerprint(input());
    expect(fingerprint).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(fingerprint).toBe(expected());
  });

  it('rejects something that is not a certificate', () => {
    expect(() => caFingerprint(pki.client.key)).toThrow(PemError);
  });
});
