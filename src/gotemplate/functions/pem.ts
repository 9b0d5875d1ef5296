import { base64Decode } from './encoding';

/**
 * encoding/pem as sprig uses it: Decode finds the first well-formed block (text before it is skipped, headers such as
 * Proc-Type are read, a block whose END line or base64 is wrong is passed over), Encode writes 64-character lines.
 */

export interface PemBlock {
  type: string;
  headers: Record<string, string>;
  bytes: Buffer;
}

/** getLine: up to the newline (a \r before it dropped), trailing spaces and tabs trimmed; and the rest. */
function getLine(data: string): [string, string] {
  const newline = data.indexOf('\n');
  if (newline < 0) return [data.replace(/[ \t]+$/, ''), ''];
  const end = newline > 0 && data[newline - 1] === '\r' ? newline - 1 : newline;
  return [data.slice(0, end).replace(/[ \t]+$/, ''), data.slice(newline + 1)];
}

/** pem.Decode: the first block, or undefined. */
export function pemDecode(data: string): PemBlock | undefined {
  let rest = data;
  for (;;) {
    if (rest.startsWith('-----BEGIN ')) rest = rest.slice('-----BEGIN '.length);
    else if (rest.includes('\n-----BEGIN ')) rest = rest.slice(rest.indexOf('\n-----BEGIN ') + '\n-----BEGIN '.length);
    else return undefined;
    let typeLine: string;
    [typeLine, rest] = getLine(rest);
    if (!typeLine.endsWith('-----')) continue;
    const type = typeLine.slice(0, -5);
    const headers: Record<string, string> = {};
    for (;;) {
      if (rest.length === 0) return undefined;
      const [line, next] = getLine(rest);
      const colon = line.indexOf(':');
      if (colon < 0) break;
      headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
      rest = next;
    }
    // Without headers the END line may come at once, without a newline before it.
    const immediate = Object.keys(headers).length === 0 && rest.startsWith('-----END ');
    const endIndex = immediate ? 0 : rest.indexOf('\n-----END ');
    if (endIndex < 0) continue;
    const trailerStart = immediate ? '-----END '.length : endIndex + '\n-----END '.length;
    const trailer = rest.slice(trailerStart, trailerStart + type.length + 5);
    if (trailer !== `${type}-----` || getLine(rest.slice(trailerStart + trailer.length))[0] !== '') continue;
    try {
      return { type, headers, bytes: base64Decode(rest.slice(0, endIndex).replace(/[ \t]/g, '')) };
    } catch {
      continue;
    }
  }
}

/** pem.Encode without headers. */
export function pemEncode(type: string, bytes: Buffer): string {
  const lines = bytes.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${type}-----\n${lines.map((line) => `${line}\n`).join('')}-----END ${type}-----\n`;
}
