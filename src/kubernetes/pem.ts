import { createPrivateKey, X509Certificate } from 'node:crypto';

/** `PRIVATE KEY` stands for any unencrypted key block: PKCS#8, PKCS#1 (`RSA`) or SEC1 (`EC`). */
export type PemLabel = 'CERTIFICATE' | 'PRIVATE KEY';

/** The reason names the problem, never the material: the input may be a private key. */
export class PemError extends Error {
  override readonly name = 'PemError';
}

const MAX_PEM_INPUT = 256 * 1024;
const BLOCK_PATTERN = /-----BEGIN ([A-Z0-9 ]+)-----([\s\S]*?)-----END \1-----/g;
const BASE64_BODY = /^[A-Za-z0-9+/]*={0,2}$/;
const KEY_LABELS = new Set(['PRIVATE KEY', 'RSA PRIVATE KEY', 'EC PRIVATE KEY']);

interface PemBlock {
  readonly label: string;
  readonly pem: string;
}

/**
 * Accepts PEM or base64-of-PEM (the kubeconfig `*-data` encoding) and returns canonical PEM:
 * `\n` line endings, 64-column bodies, nothing outside the blocks. Certificates may be a bundle;
 * a private key must be exactly one unencrypted block. Everything is parsed, not just pattern-matched.
 */
export function normalizePem(input: string, expectedLabel: PemLabel): string {
  const blocks = readBlocks(input, expectedLabel);
  if (expectedLabel === 'PRIVATE KEY') {
    if (blocks.length !== 1) {
      throw new PemError(`expected one private key, found ${blocks.length} PEM blocks`);
    }
    assertParses(() => createPrivateKey(blocks[0].pem), 'private key could not be parsed');
  } else {
    blocks.forEach((block, index) =>
      assertParses(() => new X509Certificate(block.pem), `certificate ${index + 1} could not be parsed`),
    );
  }
  return blocks.map((block) => block.pem).join('');
}

/** SHA-256 fingerprint of the first certificate, colon-separated upper-case hex as `openssl x509 -fingerprint -sha256` prints it. */
export function caFingerprint(pem: string): string {
  const [first] = readBlocks(pem, 'CERTIFICATE');
  try {
    return new X509Certificate(first.pem).fingerprint256;
  } catch {
    throw new PemError('certificate 1 could not be parsed');
  }
}

function readBlocks(input: string, expectedLabel: PemLabel): PemBlock[] {
  if (input.length > MAX_PEM_INPUT) {
    throw new PemError(`PEM input is larger than ${MAX_PEM_INPUT} bytes`);
  }
  const text = decodeIfBase64(input.trim());
  const blocks = [...text.matchAll(BLOCK_PATTERN)].map((match) =>
    toBlock(match[1], match[2], expectedLabel),
  );
  if (blocks.length === 0) {
    throw new PemError(`no complete PEM block found; expected ${describe(expectedLabel)}`);
  }
  return blocks;
}

function decodeIfBase64(text: string): string {
  if (text.includes('-----BEGIN ')) {
    return text;
  }
  const compact = text.replace(/\s+/g, '');
  if (compact.length === 0) {
    throw new PemError('PEM input is empty');
  }
  if (!BASE64_BODY.test(compact)) {
    throw new PemError('input is neither PEM nor base64-encoded PEM');
  }
  const decoded = Buffer.from(compact, 'base64').toString('utf8');
  if (!decoded.includes('-----BEGIN ')) {
    throw new PemError('base64 input does not decode to PEM (raw DER is not accepted)');
  }
  return decoded;
}

function toBlock(label: string, rawBody: string, expectedLabel: PemLabel): PemBlock {
  if (label === 'ENCRYPTED PRIVATE KEY' || rawBody.includes('Proc-Type:')) {
    throw new PemError('encrypted private keys are not supported; provide the key without a passphrase');
  }
  const labelOk = expectedLabel === 'PRIVATE KEY' ? KEY_LABELS.has(label) : label === expectedLabel;
  if (!labelOk) {
    // Labels are structural, not secret, so naming the one found helps the user.
    throw new PemError(`expected ${describe(expectedLabel)}, found a "${label}" block`);
  }
  const body = rawBody.replace(/\s+/g, '');
  if (body.length === 0 || !BASE64_BODY.test(body)) {
    throw new PemError(`a "${label}" block has a body that is not base64`);
  }
  const lines = body.match(/.{1,64}/g) ?? [];
  return { label, pem: `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n` };
}

function assertParses(parse: () => unknown, reason: string): void {
  try {
    parse();
  } catch {
    // The parser's own message can quote the input; only our reason travels.
    throw new PemError(reason);
  }
}

function describe(label: PemLabel): string {
  return label === 'CERTIFICATE' ? 'a CERTIFICATE block' : 'a PRIVATE KEY block';
}
