/**
 * The lexer of Go's text/template: turns template text into tokens. It follows Go's state machine
 * (text, left delimiter, comment, inside action) and its error texts, because parse errors surface to
 * ApplicationSet authors and should read as Argo CD's do.
 */

export type TokenType =
  | 'error'
  | 'eof'
  | 'text'
  | 'leftDelim'
  | 'rightDelim'
  | 'space'
  | 'leftParen'
  | 'rightParen'
  | 'pipe'
  | 'assign'
  | 'declare'
  | 'char'
  | 'bool'
  | 'number'
  | 'charConstant'
  | 'string'
  | 'rawString'
  | 'field'
  | 'variable'
  | 'identifier'
  | 'dot'
  | 'nil'
  | 'block'
  | 'break'
  | 'continue'
  | 'define'
  | 'else'
  | 'end'
  | 'if'
  | 'range'
  | 'template'
  | 'with';

export interface Token {
  type: TokenType;
  value: string;
  /** Offset of the token in the template text. */
  pos: number;
  line: number;
}

const KEYWORDS: Partial<Record<string, TokenType>> = {
  '.': 'dot',
  block: 'block',
  break: 'break',
  continue: 'continue',
  define: 'define',
  else: 'else',
  end: 'end',
  if: 'if',
  range: 'range',
  nil: 'nil',
  template: 'template',
  with: 'with',
};

/** Tokens Go prints as `<value>` in "unexpected" messages: keywords and the dot. */
export function isKeywordToken(type: TokenType): boolean {
  return Object.values(KEYWORDS).includes(type);
}

const LEFT = '{{';
const RIGHT = '}}';
const SPACE_CHARS = ' \t\r\n';

const isSpace = (c: string): boolean => c === ' ' || c === '\t' || c === '\r' || c === '\n';
const isAlphaNumeric = (c: string): boolean => c === '_' || /[\p{L}\p{Nd}]/u.test(c);

/** Go's %#U of a rune, e.g. U+0021 '!'. */
function describeRune(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  const hex = code.toString(16).toUpperCase().padStart(4, '0');
  return /\p{C}/u.test(c) ? `U+${hex}` : `U+${hex} '${c}'`;
}

/** Lexes the whole template; an error token, if any, is the last token before EOF. */
export function lex(input: string): Token[] {
  return new Lexer(input).run();
}

class Lexer {
  private readonly tokens: Token[] = [];
  private pos = 0;
  private start = 0;
  private line = 1;
  private startLine = 1;
  private parenDepth = 0;
  private failed = false;

  constructor(private readonly input: string) {}

  run(): Token[] {
    for (;;) {
      const next = this.lexText();
      if (this.failed || next === 'eof') break;
      if (next === 'action') this.lexInsideAction();
      else this.lexComment();
      if (this.failed) break;
    }
    if (!this.failed) this.emitAt('eof', '', this.input.length, this.line);
    return this.tokens;
  }

  /** Text up to the next action or comment, whose opening it consumes. */
  private lexText(): 'eof' | 'action' | 'comment' {
    const next = this.input.indexOf(LEFT, this.pos);
    if (next < 0) {
      this.pos = this.input.length;
      if (this.pos > this.start) this.emit('text');
      return 'eof';
    }
    const trimLeft = this.hasLeftTrimMarker(next);
    const textEnd = trimLeft ? trimRightIndex(this.input, this.start, next) : next;
    this.pos = textEnd;
    if (textEnd > this.start) this.emit('text');
    this.pos = next;
    this.ignore();
    this.pos += LEFT.length;
    const afterMarker = trimLeft ? 2 : 0;
    if (this.input.startsWith('/*', this.pos + afterMarker)) {
      this.pos += afterMarker;
      this.ignore();
      return 'comment';
    }
    this.emit('leftDelim');
    this.pos += afterMarker;
    this.ignore();
    this.parenDepth = 0;
    return 'action';
  }

  private lexComment(): void {
    const close = this.input.indexOf('*/', this.pos + 2);
    if (close < 0) {
      this.fail('unclosed comment');
      return;
    }
    this.pos = close + 2;
    const [delim, trimRight] = this.atRightDelim();
    if (!delim) {
      this.fail('comment ends before closing delimiter');
      return;
    }
    this.pos += (trimRight ? 2 : 0) + RIGHT.length;
    if (trimRight) this.pos = skipSpaceIndex(this.input, this.pos);
    this.ignore();
  }

  /** Scans one action, from after the left delimiter to after the right one. */
  private lexInsideAction(): void {
    for (;;) {
      const [delim, trimRight] = this.atRightDelim();
      if (delim) {
        if (this.parenDepth !== 0) {
          this.fail('unclosed left paren');
          return;
        }
        if (trimRight) {
          this.pos += 2;
          this.ignore();
        }
        this.pos += RIGHT.length;
        this.emit('rightDelim');
        if (trimRight) {
          this.pos = skipSpaceIndex(this.input, this.pos);
          this.ignore();
        }
        return;
      }
      if (this.pos >= this.input.length) {
        this.fail('unclosed action');
        return;
      }
      if (!this.lexActionToken()) return;
    }
  }

  private lexActionToken(): boolean {
    const c = this.input[this.pos];
    if (isSpace(c)) return this.lexSpace();
    if (c === '=') return this.single('assign');
    if (c === ':') {
      if (this.input[this.pos + 1] !== '=') return this.fail('expected :=');
      this.pos += 2;
      this.emit('declare');
      return true;
    }
    if (c === '|') return this.single('pipe');
    if (c === '"') return this.lexQuote();
    if (c === '`') return this.lexRawQuote();
    if (c === '$') return this.lexVariable();
    if (c === "'") return this.lexChar();
    if (c === '.') {
      const next = this.input[this.pos + 1];
      if (next === undefined || next < '0' || next > '9') return this.lexField();
      return this.lexNumber();
    }
    if (c === '+' || c === '-' || (c >= '0' && c <= '9')) return this.lexNumber();
    if (isAlphaNumeric(c)) return this.lexIdentifier();
    if (c === '(') {
      this.parenDepth++;
      return this.single('leftParen');
    }
    if (c === ')') {
      this.parenDepth--;
      if (this.parenDepth < 0) return this.fail('unexpected right paren');
      return this.single('rightParen');
    }
    const code = c.codePointAt(0) ?? 0;
    if (code < 0x7f && /[\p{P}\p{S}]/u.test(c)) return this.single('char');
    return this.fail(`unrecognized character in action: ${describeRune(String.fromCodePoint(this.input.codePointAt(this.pos) ?? 0))}`);
  }

  private lexSpace(): boolean {
    let end = this.pos;
    // A space run that ends in " -}}" stops before the trim marker so the delimiter check sees it.
    while (end < this.input.length && isSpace(this.input[end])) {
      if (this.input.startsWith(`-${RIGHT}`, end + 1)) break;
      end++;
    }
    this.pos = end;
    this.emit('space');
    return true;
  }

  private lexQuote(): boolean {
    return this.lexEscaped('"', 'string', 'unterminated quoted string');
  }

  private lexRawQuote(): boolean {
    const close = this.input.indexOf('`', this.pos + 1);
    if (close < 0) return this.fail('unterminated raw quoted string');
    this.pos = close + 1;
    this.emit('rawString');
    return true;
  }

  private lexChar(): boolean {
    return this.lexEscaped("'", 'charConstant', 'unterminated character constant');
  }

  /** A string or character constant: up to the closing quote on the same line, backslash escapes skipped. */
  private lexEscaped(quote: string, token: 'string' | 'charConstant', unterminated: string): boolean {
    let i = this.pos + 1;
    for (;;) {
      const c = this.input[i];
      if (c === '\\') {
        const n = this.input[i + 1];
        if (n !== undefined && n !== '\n') {
          i += 2;
          continue;
        }
      }
      if (c === undefined || c === '\n') return this.fail(unterminated);
      i++;
      if (c === quote) break;
    }
    this.pos = i;
    this.emit(token);
    return true;
  }

  private lexVariable(): boolean {
    if (this.atTerminator(this.pos + 1)) {
      this.pos++;
      this.emit('variable');
      return true;
    }
    return this.lexFieldOrVariable('variable');
  }

  private lexField(): boolean {
    if (this.atTerminator(this.pos + 1)) {
      this.pos++;
      this.emit('dot');
      return true;
    }
    return this.lexFieldOrVariable('field');
  }

  private lexFieldOrVariable(type: 'field' | 'variable'): boolean {
    let end = this.pos + 1;
    while (end < this.input.length && isAlphaNumeric(this.input[end])) end++;
    if (!this.atTerminator(end)) return this.fail(`bad character ${describeRune(this.input[end])}`);
    this.pos = end;
    this.emit(type);
    return true;
  }

  private lexIdentifier(): boolean {
    let end = this.pos;
    while (end < this.input.length && isAlphaNumeric(this.input[end])) end++;
    const word = this.input.slice(this.pos, end);
    if (!this.atTerminator(end)) return this.fail(`bad character ${describeRune(this.input[end])}`);
    this.pos = end;
    // Own keys only: `toString` or `constructor` are function names, not keywords inherited from Object.
    const keyword = Object.hasOwn(KEYWORDS, word) ? KEYWORDS[word] : undefined;
    if (keyword && word !== '.') this.emit(keyword);
    else if (word === 'true' || word === 'false') this.emit('bool');
    else this.emit('identifier');
    return true;
  }

  private lexNumber(): boolean {
    const match = /^[+-]?(0[xX][0-9a-fA-F_]*\.?[0-9a-fA-F_]*([pP][+-]?[0-9_]+)?|0[oO][0-7_]*|0[bB][01_]*|[0-9_]*\.?[0-9_]*([eE][+-]?[0-9_]+)?)i?/.exec(
      this.input.slice(this.pos, this.pos + 256),
    );
    const end = this.pos + (match?.[0].length ?? 0);
    if (end < this.input.length && isAlphaNumeric(this.input[end])) {
      return this.fail(`bad number syntax: "${this.input.slice(this.pos, end + 1)}"`);
    }
    this.pos = end;
    this.emit('number');
    return true;
  }

  /** Go: a field, variable or word must be followed by space, a delimiter, punctuation that ends it, or EOF. */
  private atTerminator(at: number): boolean {
    const c = this.input[at];
    if (c === undefined || isSpace(c)) return true;
    if ('.,|:)('.includes(c)) return true;
    return this.input.startsWith(RIGHT, at);
  }

  /** Whether the right delimiter (optionally preceded by the " -" trim marker) starts here. */
  private atRightDelim(): [boolean, boolean] {
    if (isSpace(this.input[this.pos] ?? '') && this.input.startsWith(`-${RIGHT}`, this.pos + 1)) return [true, true];
    return [this.input.startsWith(RIGHT, this.pos), false];
  }

  private hasLeftTrimMarker(at: number): boolean {
    const after = at + LEFT.length;
    return this.input[after] === '-' && isSpace(this.input[after + 1] ?? '');
  }

  private single(type: TokenType): boolean {
    this.pos++;
    this.emit(type);
    return true;
  }

  private emit(type: TokenType): void {
    this.emitAt(type, this.input.slice(this.start, this.pos), this.start, this.startLine);
    this.ignore();
  }

  private emitAt(type: TokenType, value: string, pos: number, line: number): void {
    this.tokens.push({ type, value, pos, line });
  }

  /** Skips the pending input, counting its newlines. */
  private ignore(): void {
    for (let i = this.start; i < this.pos; i++) if (this.input.charCodeAt(i) === 10) this.line++;
    this.start = this.pos;
    this.startLine = this.line;
  }

  private fail(message: string): boolean {
    this.emitAt('error', message, this.start, this.startLine);
    this.emitAt('eof', '', this.input.length, this.line);
    this.failed = true;
    return false;
  }
}

function trimRightIndex(text: string, from: number, to: number): number {
  let end = to;
  while (end > from && SPACE_CHARS.includes(text[end - 1])) end--;
  return end;
}

function skipSpaceIndex(text: string, from: number): number {
  let i = from;
  while (i < text.length && SPACE_CHARS.includes(text[i])) i++;
  return i;
}
