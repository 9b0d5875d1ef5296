import { createHash } from 'node:crypto';
import { buildFunctions, stringArg } from './args';

/**
 * Encodings and checksums. Go's StdEncoding decoders are strict (padding required, only line breaks ignored); sprig's
 * b64dec and b32dec return the decoder's error text instead of failing, and so do these.
 */

const BASE32_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';

export function base32Encode(bytes: Buffer): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 5) {
    const block = bytes.subarray(i, i + 5);
    let bits = 0n;
    for (let j = 0; j < 5; j++) bits = (bits << 8n) | BigInt(block[j] ?? 0);
    const chars = Math.ceil((block.length * 8) / 5);
    for (let j = 0; j < 8; j++) out += j < chars ? BASE32_ALPHABET[Number((bits >> BigInt(35 - j * 5)) & 31n)] : '=';
  }
  return out;
}

class CorruptInput extends Error {
  constructor(offset: number) {
    super(`illegal base64 data at input byte ${offset}`);
  }
}

/** Shared strict decoder for padded base64 (6 bits a char) and base32 (5 bits a char). */
function decodePadded(text: string, alphabet: string, bitsPerChar: number, quantum: number): Buffer {
  const clean = text.replace(/[\r\n]/g, '');
  const values: number[] = [];
  let padding = 0;
  for (let i = 0; i < clean.length; i++) {
    const char = clean[i];
    if (char === '=') {
      padding++;
      continue;
    }
    const value = alphabet.indexOf(char);
    if (value < 0 || padding > 0) throw new CorruptInput(i);
    values.push(value);
  }
  if (clean.length % quantum !== 0) throw new CorruptInput(clean.length - (clean.length % quantum));
  const lastChars = values.length % quantum;
  const validTails = bitsPerChar === 6 ? [0, 2, 3] : [0, 2, 4, 5, 7];
  if (!validTails.includes(lastChars) || (lastChars === 0 && padding > 0)) throw new CorruptInput(values.length);
  let bits = 0;
  let accumulator = 0;
  const out: number[] = [];
  for (const value of values) {
    accumulator = ((accumulator << bitsPerChar) | value) & 0xffff;
    bits += bitsPerChar;
    if (bits >= 8) {
      bits -= 8;
      out.push((accumulator >> bits) & 0xff);
    }
  }
  return Buffer.from(out);
}

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function base64Decode(text: string): Buffer {
  return decodePadded(text, BASE64_ALPHABET, 6, 4);
}

function decodeOrMessage(decode: (text: string) => Buffer, text: string, kind: 'base64' | 'base32'): string {
  try {
    return decode(text).toString('utf8');
  } catch (error) {
    return (error as Error).message.replace('base64', kind);
  }
}

/** hash/adler32. */
export function adler32(bytes: Buffer): number {
  let a = 1;
  let b = 0;
  for (const byte of bytes) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return (b * 65536 + a) >>> 0;
}

const digest = (algorithm: string, text: string): string => createHash(algorithm).update(text, 'utf8').digest('hex');

export const encodingFunctions = buildFunctions({
  b64enc: [1, 1, (v) => Buffer.from(stringArg(v), 'utf8').toString('base64')],
  b64dec: [1, 1, (v) => decodeOrMessage(base64Decode, stringArg(v), 'base64')],
  b32enc: [1, 1, (v) => base32Encode(Buffer.from(stringArg(v), 'utf8'))],
  b32dec: [1, 1, (v) => decodeOrMessage((text) => decodePadded(text, BASE32_ALPHABET, 5, 8), stringArg(v), 'base32')],
  sha1sum: [1, 1, (v) => digest('sha1', stringArg(v))],
  sha256sum: [1, 1, (v) => digest('sha256', stringArg(v))],
  sha512sum: [1, 1, (v) => digest('sha512', stringArg(v))],
  adler32sum: [1, 1, (v) => String(adler32(Buffer.from(stringArg(v), 'utf8')))],
});
