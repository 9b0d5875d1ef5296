import { base64Decode } from './encoding';

/**
 * encoding/pem as sprig uses it: Decode finds the first well-formed block (text before it is skipped, headers such as
 * Proc-Type are read, a block whose END line or base64 is wrong is passed over), Encode writes 64-character lines.
 *
 * Decode runs in linear time on any input (Go's own had to be fixed for it, CVE-2025-61723): each failed block
 * resumes after its headers, and what the blocks sharing one END line would rescan (the search for that line, the
 * check of its end, the characters base64 refuses) is searched once and remembered.
 */

export interface PemBlock {
  type: string;
  headers: Record<string, string>;
  bytes: Buffer;
}

const BEGIN = '-----BEGIN ';
const NEWLINE_BEGIN = `\n${BEGIN}`;
const END = '\n-----END ';
const DASHES = '-----';

/** getLine: the line at `start`, up to the newline (a \r before it dropped), trailing spaces and tabs trimmed; and where the next begins. */
function getLine(data: string, start: number): [line: string, next: number] {
  const newline = data.indexOf('\n', start);
  let end = newline < 0 ? data.length : newline;
  if (newline > start && data[newline - 1] === '\r') end--;
  // A loop, not /[ \t]+$/: a regular expression would retry from every space of a long run (quadratic).
  while (end > start && (data[end - 1] === ' ' || data[end - 1] === '\t')) end--;
  return [data.slice(start, end), newline < 0 ? data.length : newline + 1];
}

/** Whether getLine would find nothing but spaces and tabs at `start`. */
function blankToLineEnd(data: string, start: number): boolean {
  let i = start;
  while (data[i] === ' ' || data[i] === '\t') i++;
  return i === data.length || data[i] === '\n' || (data[i] === '\r' && data[i + 1] === '\n');
}

/** Whether Go's base64 decoder can read the character once pem has removed spaces and tabs: the alphabet, padding, line breaks. */
function isBase64Text(code: number): boolean {
  return (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a) || (code >= 0x30 && code <= 0x39) || code === 0x2b || code === 0x2f || code === 0x3d || code === 0x0a || code === 0x0d || code === 0x20 || code === 0x09;
}

/** pem.Decode: the first block, or undefined. */
export function pemDecode(data: string): PemBlock | undefined {
  let pos = 0;
  // The first "\n-----END " at or after the body of the block being read, searched again only once a block starts
  // past it; and the last character before it that base64 refuses, once needed.
  let endAt = -1;
  let lastNonBase64 = -1;
  let nonBase64Known = false;
  const blankAfterTrailer = new Map<number, boolean>();
  for (;;) {
    if (data.startsWith(BEGIN, pos)) {
      pos += BEGIN.length;
    } else {
      const begin = data.indexOf(NEWLINE_BEGIN, pos);
      if (begin < 0) return undefined;
      pos = begin + 1 + BEGIN.length;
    }
    let typeLine: string;
    [typeLine, pos] = getLine(data, pos);
    if (!typeLine.endsWith(DASHES)) continue;
    const type = typeLine.slice(0, -DASHES.length);
    const headers: Record<string, string> = {};
    for (;;) {
      if (pos === data.length) return undefined;
      const [line, next] = getLine(data, pos);
      const colon = line.indexOf(':');
      if (colon < 0) break;
      headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
      pos = next;
    }
    const bodyStart = pos;
    let bodyEnd: number;
    let trailerStart: number;
    // Without headers the END line may come at once, without a newline before it.
    if (Object.keys(headers).length === 0 && data.startsWith(END.slice(1), bodyStart)) {
      bodyEnd = bodyStart;
      trailerStart = bodyStart + END.length - 1;
    } else {
      if (endAt < bodyStart) {
        endAt = data.indexOf(END, bodyStart);
        nonBase64Known = false;
      }
      // No END line after this block's start: none after any later block's either.
      if (endAt < 0) return undefined;
      bodyEnd = endAt;
      trailerStart = endAt + END.length;
    }
    if (!data.startsWith(`${type}${DASHES}`, trailerStart)) continue;
    const lineRest = trailerStart + type.length + DASHES.length;
    let blank = blankAfterTrailer.get(lineRest);
    if (blank === undefined) blankAfterTrailer.set(lineRest, (blank = blankToLineEnd(data, lineRest)));
    if (!blank) continue;
    if (bodyEnd > bodyStart) {
      // Blocks sharing an END line have nested bodies: the last character base64 refuses before it decides them all.
      if (!nonBase64Known) {
        lastNonBase64 = -1;
        for (let i = bodyEnd - 1; i >= bodyStart; i--) {
          if (!isBase64Text(data.charCodeAt(i))) {
            lastNonBase64 = i;
            break;
          }
        }
        nonBase64Known = true;
      }
      if (lastNonBase64 >= bodyStart) continue;
    }
    try {
      return { type, headers, bytes: base64Decode(data.slice(bodyStart, bodyEnd).replace(/[ \t]/g, '')) };
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
