/**
 * Case conversions with Go's per-rune semantics: strings.ToUpper/ToLower/Title (a rune maps to one rune, so "ß" stays
 * "ß" where JavaScript would write "SS"), goutils' untitle/initials/swapcase and huandu/xstrings' snake/kebab/camel.
 */

function mapRunes(text: string, map: (rune: string) => string): string {
  let out = '';
  for (const rune of text) {
    const mapped = map(rune);
    out += [...mapped].length === 1 ? mapped : rune;
  }
  return out;
}

export const goUpper = (text: string): string => mapRunes(text, (r) => r.toUpperCase());
export const goLower = (text: string): string => mapRunes(text, (r) => r.toLowerCase());

const isUpper = (r: string): boolean => /\p{Lu}/u.test(r);
const isLower = (r: string): boolean => /\p{Ll}/u.test(r);
const isTitleCase = (r: string): boolean => /\p{Lt}/u.test(r);
const isLetter = (r: string): boolean => /\p{L}/u.test(r);
const isNumber = (r: string): boolean => /\p{N}/u.test(r);
const isPunct = (r: string): boolean => /\p{P}/u.test(r);
export const isGoSpace = (r: string): boolean => /^[\t\n\v\f\r \u0085\u00A0\p{Zs}\u2028\u2029]$/u.test(r);

/** strings.Title: a rune after a separator (space, ASCII punctuation) is upper-cased; "it's" becomes "It'S". */
export function goTitle(text: string): string {
  const isSeparator = (r: string): boolean => {
    if (r.charCodeAt(0) < 0x80 && r.length === 1) return !/[A-Za-z0-9_]/.test(r);
    if (isLetter(r) || /\p{Nd}/u.test(r)) return false;
    return isGoSpace(r);
  };
  let previous = ' ';
  let out = '';
  for (const rune of text) {
    out += isSeparator(previous) ? goUpper(rune) : rune;
    previous = rune;
  }
  return out;
}

/** goutils.Uncapitalize: the first rune of every whitespace-separated word is lower-cased. */
export function untitle(text: string): string {
  let afterSpace = true;
  let out = '';
  for (const rune of text) {
    out += afterSpace ? goLower(rune) : rune;
    afterSpace = isGoSpace(rune);
  }
  return out;
}

/** goutils.Initials: the first rune of every whitespace-separated word. */
export function initials(text: string): string {
  let afterSpace = true;
  let out = '';
  for (const rune of text) {
    if (afterSpace && !isGoSpace(rune)) out += rune;
    afterSpace = isGoSpace(rune);
  }
  return out;
}

/** goutils.SwapCase: upper and title case runes to lower case, lower case runes to upper case. */
export function swapCase(text: string): string {
  return [...text].map((rune) => (isUpper(rune) || isTitleCase(rune) ? goLower(rune) : isLower(rune) ? goUpper(rune) : rune)).join('');
}

const isConnector = (r: string): boolean => r === '-' || r === '_' || isGoSpace(r);

/** xstrings.ToPascalCase (sprig's camelcase): connectors dropped, the rune after one upper-cased, leading ones kept. */
export function pascalCase(text: string): string {
  const runes = [...text];
  let i = 0;
  let out = '';
  while (i < runes.length && isConnector(runes[i])) out += runes[i++];
  if (i === runes.length) return out;
  let current = goUpper(runes[i++]);
  for (; i < runes.length; i++) {
    const previous = current;
    current = runes[i];
    if (isConnector(current) && isConnector(previous)) {
      out += previous;
      continue;
    }
    if (isConnector(previous)) current = goUpper(current);
    else out += previous;
  }
  return out + current;
}

type WordType = 'invalid' | 'number' | 'upper' | 'alphabet' | 'connector' | 'punct' | 'other';

/** xstrings' isAlphabet: a letter that is not a CJK ideograph. */
function isAlphabet(r: string): boolean {
  if (!isLetter(r)) return false;
  const code = r.codePointAt(0)!;
  return !((code >= 0x4e00 && code <= 0x9fcc) || (code >= 0x3400 && code <= 0x4d85) || (code >= 0x20000 && code <= 0x2b81d));
}

/** xstrings' word scanner: splits "HTTPServer" into "HTTP", "Server", keeping runs of digits, punctuation, connectors. */
function nextWord(runes: string[], start: number): [WordType, number] {
  const r = runes[start];
  let end = start + 1;
  const extend = (keep: (rune: string) => boolean): void => {
    while (end < runes.length && keep(runes[end])) end++;
  };
  if (isConnector(r)) {
    extend(isConnector);
    return ['connector', end];
  }
  if (isPunct(r)) {
    extend(isPunct);
    return ['punct', end];
  }
  if (isUpper(r)) {
    if (end < runes.length && isUpper(runes[end])) {
      extend(isUpper);
      if (end < runes.length && isAlphabet(runes[end])) end--;
    } else if (end < runes.length && isAlphabet(runes[end])) {
      extend((x) => isAlphabet(x) && !isUpper(x));
    }
    return ['upper', end];
  }
  if (isAlphabet(r)) {
    extend((x) => isAlphabet(x) && !isUpper(x));
    return ['alphabet', end];
  }
  if (isNumber(r)) {
    extend(isNumber);
    return ['number', end];
  }
  extend((x) => !(isConnector(x) || isAlphabet(x) || isNumber(x) || isPunct(x)));
  return ['other', end];
}

/** xstrings.ToSnakeCase / ToKebabCase: words lower-cased and joined by the connector ("HTTP20xOK" → "http_20x_ok"). */
export function connectWords(text: string, connector: '_' | '-'): string {
  const runes = [...text];
  if (runes.length === 0) return '';
  const words: Array<[WordType, string]> = [];
  for (let i = 0; i < runes.length; ) {
    const [type, end] = nextWord(runes, i);
    words.push([type, runes.slice(i, end).join('')]);
    i = end;
  }
  const lower = (type: WordType, word: string): string =>
    type !== 'upper' && type !== 'connector' ? word : [...word].map((r) => (isConnector(r) ? connector : goLower(r))).join('');
  let out = '';
  let position = 0;
  const next = (): [WordType, string] => (position < words.length ? words[position++] : ['invalid', '']);
  const separates = (type: WordType): boolean => type !== 'invalid' && type !== 'punct' && type !== 'connector';
  let [type, word] = next();
  while (position < words.length) {
    if (type !== 'connector') out += lower(type, word);
    const previous = type;
    const last = word;
    [type, word] = next();
    if (previous === 'number') {
      while (type === 'alphabet' || type === 'number') {
        out += lower(type, word);
        [type, word] = next();
      }
      if (separates(type)) out += connector;
    } else if (previous === 'connector') {
      out += lower(previous, last);
    } else if (previous !== 'punct') {
      // After a word: a connector unless punctuation follows; a number glues to the next alphabetic word ("20x").
      if (type !== 'number') {
        if (separates(type)) out += connector;
        continue;
      }
      if (position >= words.length) continue;
      const digits = word;
      [type, word] = next();
      if (type !== 'alphabet') {
        out += lower('number', digits);
        if (separates(type)) out += connector;
        continue;
      }
      out += connector + lower('number', digits);
      while (type === 'alphabet' || type === 'number') {
        out += lower(type, word);
        [type, word] = next();
      }
      if (separates(type)) out += connector;
    }
  }
  return out + lower(type, word);
}
