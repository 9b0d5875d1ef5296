/** The parser's view of the token list: lookahead, backing up, and Go's way of naming tokens in errors. */
import { Token, isKeywordToken } from './lex';
import { goQuote } from './quote';

/** Shared token stream: spaces are tokens (they separate arguments), peeking and backing up are cheap. */
export class TokenCursor {
  private index = 0;
  private furthest = 0;

  constructor(
    private readonly tokens: Token[],
    readonly parseName: string,
  ) {}

  next(): Token {
    const token = this.peek();
    this.index++;
    return token;
  }
  peek(): Token {
    const at = Math.min(this.index, this.tokens.length - 1);
    this.furthest = Math.max(this.furthest, at);
    return this.tokens[at];
  }
  nextNonSpace(): Token {
    let token = this.next();
    while (token.type === 'space') token = this.next();
    return token;
  }
  peekNonSpace(): Token {
    const token = this.nextNonSpace();
    this.backup();
    return token;
  }
  backup(): void {
    this.index--;
  }
  mark(): number {
    return this.index;
  }
  reset(mark: number): void {
    this.index = mark;
  }
  /** Go reports parse errors at the line of the last token it read. */
  errorLine(): number {
    return this.tokens[Math.min(this.furthest, this.tokens.length - 1)].line;
  }
}

/** Go's item.String(), as quoted in "unexpected ..." messages. */
export function describeToken(token: Token): string {
  if (token.type === 'eof') return 'EOF';
  if (token.type === 'error') return token.value;
  if (isKeywordToken(token.type)) return `<${token.value}>`;
  // Go's %.10q: at most ten runes, then an ellipsis.
  const runes = [...token.value];
  return runes.length > 10 ? `${goQuote(runes.slice(0, 10).join(''), false)}...` : goQuote(token.value, false);
}
