/**
 * Length-driven string functions. Go indexes strings by byte, so trunc and substr cut UTF-8 bytes as Go does (a cut
 * inside a multi-byte rune becomes U+FFFD here, raw bytes in Go); wrap and abbrev (goutils) count UTF-16 units, which
 * equals Go's byte count for ASCII text.
 */
import { checkGeneratedSize, fail } from './args';

const utf8 = (text: string): Buffer => Buffer.from(text, 'utf8');

/** sprig trunc: the first `count` bytes, or with a negative count the last |count| bytes. */
export function trunc(count: number, text: string): string {
  const bytes = utf8(text);
  if (count < 0 && bytes.length + count > 0) return bytes.subarray(bytes.length + count).toString('utf8');
  if (count >= 0 && bytes.length > count) return bytes.subarray(0, count).toString('utf8');
  return text;
}

/** sprig substr: s[start:end], s[:end] when start < 0, s[start:] when end < 0 or past the end; Go panics out of range. */
export function substr(start: number, end: number, text: string): string {
  const bytes = utf8(text);
  const slice = (from: number, to: number): string => {
    if (from < 0 || to > bytes.length || from > to) fail(`runtime error: slice bounds out of range [${from}:${to}] with length ${bytes.length}`);
    return bytes.subarray(from, to).toString('utf8');
  };
  if (start < 0) return slice(0, end);
  if (end < 0 || end > bytes.length) return slice(start, bytes.length);
  return slice(start, end);
}

/** goutils.AbbreviateFull: "..." marks what was cut; widths below 4 (or 7 with an offset) leave the text alone. */
function abbreviateFull(text: string, offset: number, maxWidth: number): string {
  if (text === '' || maxWidth < 4 || text.length <= maxWidth) return text;
  if (offset > text.length) offset = text.length;
  if (text.length - offset < maxWidth - 3) offset = text.length - (maxWidth - 3);
  if (offset <= 4) return `${text.slice(0, maxWidth - 3)}...`;
  if (maxWidth < 7) return text;
  if (offset + maxWidth - 3 < text.length) return `...${abbreviateFull(text.slice(offset), 0, maxWidth - 3)}`;
  return `...${text.slice(text.length - (maxWidth - 3))}`;
}

export function abbrev(width: number, text: string): string {
  return width < 4 ? text : abbreviateFull(text, 0, width);
}

export function abbrevboth(left: number, right: number, text: string): string {
  if (right < 4 || (left > 0 && right < 7)) return text;
  return abbreviateFull(text, left, right);
}

/** goutils.WrapCustom: breaks at the last space within `width`; a longer word stays whole unless `wrapLongWords`. */
export function wrapText(text: string, width: number, newline: string, wrapLongWords: boolean): string {
  if (text === '') return '';
  if (newline === '') newline = '\n';
  if (width < 1) width = 1;
  let offset = 0;
  let out = '';
  while (text.length - offset > width) {
    if (text[offset] === ' ') {
      offset++;
      continue;
    }
    const spaceAt = text.slice(offset, width + offset + 1).lastIndexOf(' ') + offset;
    if (spaceAt >= offset) {
      out += text.slice(offset, spaceAt) + newline;
      offset = spaceAt + 1;
    } else if (wrapLongWords) {
      out += text.slice(offset, offset + width) + newline;
      offset += width;
    } else {
      const nextSpace = text.indexOf(' ', offset + width);
      if (nextSpace === -1) {
        out += text.slice(offset);
        offset = text.length;
      } else {
        out += text.slice(offset, nextSpace) + newline;
        offset = nextSpace + 1;
      }
    }
  }
  return out + text.slice(offset);
}

export function indent(spaces: number, text: string): string {
  if (spaces < 0) fail('strings: negative Repeat count');
  checkGeneratedSize('indent', spaces * (text.split('\n').length + 1) + text.length);
  const pad = ' '.repeat(spaces);
  return pad + text.replaceAll('\n', `\n${pad}`);
}
