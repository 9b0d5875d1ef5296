import { describe, expect, it } from 'vitest';
import type { ClusterConnection } from './cluster-connection';
import { classifyHttpStatus, classifyTransportError, redactCredentials, type ProbeFailureReason } from './probe-errors';

const TOKEN = 'sa-token-0123456789abcdefghij';
const KEY_LINE = 'MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg';
const tokenConn: ClusterConnection = {
  id: 'c',
  server: 'https://127.0.0.1:6443',
  credentialsVersion: '1',
  tls: {},
  credentials: { type: 'bearerToken', bearerToken: TOKEN },
};
const certConn: ClusterConnection = {
  ...tokenConn,
  credentials: {
    type: 'clientCertificate',
    clientCertificateData: '-----BEGIN CERTIFICATE-----\nMIIBcertificatebody0123\n-----END CERTIFICATE-----\n',
    clientKeyData: `-----BEGIN PRIVATE KEY-----\n${KEY_LINE}\n-----END PRIVATE KEY-----\n`,
  },
};

function errorWith(code: string | undefined, message = 'boom'): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe('classifyTransportError', () => {
  const rows: { name: string; error: unknown; reason: ProbeFailureReason }[] = [
    { name: 'refused', error: errorWith('ECONNREFUSED'), reason: 'ConnectionRefused' },
    { name: 'reset', error: errorWith('ECONNRESET'), reason: 'ConnectionRefused' },
    { name: 'unreachable host', error: errorWith('EHOSTUNREACH'), reason: 'ConnectionRefused' },
    { name: 'unknown host', error: errorWith('ENOTFOUND'), reason: 'DnsError' },
    { name: 'resolver unavailable', error: errorWith('EAI_AGAIN'), reason: 'DnsError' },
    { name: 'OS connect timeout', error: errorWith('ETIMEDOUT'), reason: 'Timeout' },
    { name: 'untrusted chain', error: errorWith('SELF_SIGNED_CERT_IN_CHAIN'), reason: 'CertificateError' },
    { name: 'expired certificate', error: errorWith('CERT_HAS_EXPIRED'), reason: 'CertificateError' },
    { name: 'wrong host name', error: errorWith('ERR_TLS_CERT_ALTNAME_INVALID'), reason: 'CertificateError' },
    { name: 'TLS alert', error: errorWith('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'), reason: 'TLSError' },
    { name: 'protocol error', error: errorWith('EPROTO'), reason: 'TLSError' },
    { name: 'no code', error: errorWith(undefined), reason: 'HttpError' },
    { name: 'not even an Error', error: 'weird', reason: 'HttpError' },
  ];
  it.each(rows)('$name → $reason', ({ error, reason }) => {
    expect(classifyTransportError(error, tokenConn).reason).toBe(reason);
  });

  it('redacts credentials that an error message might carry', () => {
    const failure = classifyTransportError(errorWith('EPROTO', `handshake failed for Bearer ${TOKEN}`), tokenConn);
    expect(failure.message).toContain('[redacted]');
    expect(failure.message).not.toContain(TOKEN);
  });
});

describe('classifyHttpStatus', () => {
  const rows: { name: string; status: number; body: string; reason: ProbeFailureReason; message: RegExp }[] = [
    { name: '401', status: 401, body: '', reason: 'Unauthorized', message: /HTTP 401/ },
    { name: '403', status: 403, body: '', reason: 'Forbidden', message: /HTTP 403/ },
    { name: '503 with a Status body', status: 503, body: '{"kind":"Status","message":"etcd unavailable"}', reason: 'HttpError', message: /HTTP 503 from \/version: etcd unavailable/ },
    { name: '502 with an HTML body', status: 502, body: '<html>bad gateway</html>', reason: 'HttpError', message: /^unexpected HTTP 502 from \/version$/ },
  ];
  it.each(rows)('$name → $reason', ({ status, body, reason, message }) => {
    const failure = classifyHttpStatus(status, Buffer.from(body), tokenConn);
    expect(failure.reason).toBe(reason);
    expect(failure.message).toMatch(message);
  });
});

describe('redactCredentials', () => {
  const rows: { name: string; conn: ClusterConnection; text: string; hidden: string }[] = [
    { name: 'bearer token', conn: tokenConn, text: `token=${TOKEN}; again ${TOKEN}`, hidden: TOKEN },
    { name: 'a private key line', conn: certConn, text: `bad key ${KEY_LINE}`, hidden: KEY_LINE },
  ];
  it.each(rows)('removes a $name', ({ conn, text, hidden }) => {
    const redacted = redactCredentials(text, conn);
    expect(redacted).not.toContain(hidden);
    expect(redacted).toContain('[redacted]');
  });
});
