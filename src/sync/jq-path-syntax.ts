/** The grammar of the jq subset `jq-path.ts` evaluates: tokens, then a recursive descent in jq's precedence. */

export type JqNode =
  | { readonly kind: 'identity' }
  | { readonly kind: 'field'; readonly of: JqNode; readonly name: string }
  | { readonly kind: 'index'; readonly of: JqNode; readonly index: number }
  | { readonly kind: 'iterate'; readonly of: JqNode }
  | { readonly kind: 'try'; readonly body: JqNode }
  | { readonly kind: 'pipe' | 'comma' | 'and' | 'or'; readonly left: JqNode; readonly right: JqNode }
  | { readonly kind: 'compare'; readonly equal: boolean; readonly left: JqNode; readonly right: JqNode }
  | { readonly kind: 'select'; readonly condition: JqNode }
  | { readonly kind: 'literal'; readonly value: unknown }
  | { readonly kind: 'not' }
  | { readonly kind: 'text'; readonly test: 'startswith' | 'endswith' | 'contains'; readonly argument: string };

/** A jq expression outside the subset, or one that fails on a document (as jq's own errors). */
export class JqError extends Error {}

const MAX_NESTING = 32;
const TEXT_TESTS = new Set(['startswith', 'endswith', 'contains']);
const KEYWORD_LITERALS: Record<string, unknown> = { true: true, false: false, null: null };

/** The expression's syntax tree; throws a JqError naming the character where it leaves the subset. */
export function parseJqPath(text: string): JqNode {
  return new Parser(tokenize(text)).parseAll();
}

// --- Tokens -----------------------------------------------------------------------------------------------------

type Token =
  | { readonly type: 'field'; readonly text: string; readonly at: number }
  | { readonly type: 'ident'; readonly text: string; readonly at: number }
  | { readonly type: 'string'; readonly value: string; readonly at: number }
  | { readonly type: 'number'; readonly value: number; readonly at: number }
  | { readonly type: '.' | '[' | ']' | '(' | ')' | '|' | ',' | '?' | '==' | '!=' | 'end'; readonly at: number };

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let at = 0;
  const unsupported = (what: string): never => {
    throw new JqError(`unsupported jq at character ${at + 1} (${what}); see the supported subset in src/sync/README.md`);
  };
  while (at < text.length) {
    const rest = text.slice(at);
    const space = /^\s+/.exec(rest);
    if (space) {
      at += space[0].length;
      continue;
    }
    const field = /^\.([A-Za-z_][A-Za-z0-9_]*)/.exec(rest);
    const ident = /^[A-Za-z_][A-Za-z0-9_]*/.exec(rest);
    const number = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(rest);
    if (rest.startsWith('..')) unsupported('".." recursion');
    if (field) {
      tokens.push({ type: 'field', text: field[1], at });
      at += field[0].length;
    } else if (ident) {
      tokens.push({ type: 'ident', text: ident[0], at });
      at += ident[0].length;
    } else if (number) {
      tokens.push({ type: 'number', value: Number(number[0]), at });
      at += number[0].length;
    } else if (rest.startsWith('==') || rest.startsWith('!=')) {
      tokens.push({ type: rest.slice(0, 2) as '==' | '!=', at });
      at += 2;
    } else if (rest[0] === '"') {
      const { value, length } = readString(rest, at);
      tokens.push({ type: 'string', value, at });
      at += length;
    } else if ('.[]()|,?'.includes(rest[0])) {
      tokens.push({ type: rest[0] as '.', at });
      at += 1;
    } else {
      unsupported(`"${rest[0]}"`);
    }
  }
  tokens.push({ type: 'end', at });
  return tokens;
}

const ESCAPES: Record<string, string> = { '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f', n: '\n', r: '\r', t: '\t' };

function readString(rest: string, at: number): { value: string; length: number } {
  let value = '';
  for (let index = 1; index < rest.length; index++) {
    const char = rest[index];
    if (char === '"') return { value, length: index + 1 };
    if (char !== '\\') {
      value += char;
      continue;
    }
    const next = rest[++index];
    if (next === 'u' && /^[0-9a-fA-F]{4}$/.test(rest.slice(index + 1, index + 5))) {
      value += String.fromCharCode(Number.parseInt(rest.slice(index + 1, index + 5), 16));
      index += 4;
    } else if (next !== undefined && Object.hasOwn(ESCAPES, next)) {
      value += ESCAPES[next];
    } else {
      throw new JqError(`unsupported jq at character ${at + index} (string escape "\\${next ?? ''}"; interpolation is not supported)`);
    }
  }
  throw new JqError(`unterminated string starting at character ${at + 1}`);
}

// --- Grammar: pipe < comma < or < and < comparison < postfix (jq's precedence) ------------------------------------

class Parser {
  private position = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[]) {}

  parseAll(): JqNode {
    const node = this.pipe();
    if (this.peek().type !== 'end') this.fail('expected the end of the expression');
    return node;
  }

  private pipe(): JqNode {
    return this.binary('|', 'pipe', () => this.comma());
  }

  private comma(): JqNode {
    return this.binary(',', 'comma', () => this.or());
  }

  private or(): JqNode {
    return this.binary('or', 'or', () => this.and());
  }

  private and(): JqNode {
    return this.binary('and', 'and', () => this.comparison());
  }

  private binary(operator: string, kind: 'pipe' | 'comma' | 'and' | 'or', operand: () => JqNode): JqNode {
    let left = operand();
    while (this.is(operator)) {
      this.position++;
      left = { kind, left, right: operand() };
    }
    return left;
  }

  private comparison(): JqNode {
    const left = this.postfix();
    const token = this.peek();
    if (token.type !== '==' && token.type !== '!=') return left;
    this.position++;
    const right = this.postfix();
    if (this.is('==') || this.is('!=')) this.fail('comparisons do not chain');
    return { kind: 'compare', equal: token.type === '==', left, right };
  }

  private postfix(): JqNode {
    let node = this.primary();
    for (;;) {
      const token = this.peek();
      if (token.type === 'field') {
        this.position++;
        node = { kind: 'field', of: node, name: token.text };
      } else if (token.type === '.' && this.peek(1).type === 'string') {
        this.position++;
        node = { kind: 'field', of: node, name: this.quotedKey() };
      } else if (token.type === '.' && this.peek(1).type === '[') {
        this.position++;
      } else if (token.type === '[') {
        node = this.bracket(node);
      } else if (token.type === '?') {
        this.position++;
        node = { kind: 'try', body: node };
      } else {
        return node;
      }
    }
  }

  private bracket(of: JqNode): JqNode {
    this.position++;
    const inside = this.next();
    if (inside.type === ']') return { kind: 'iterate', of };
    if (this.peek().type === ']' && (inside.type === 'string' || (inside.type === 'number' && Number.isInteger(inside.value)))) {
      this.position++;
      return inside.type === 'string' ? { kind: 'field', of, name: inside.value } : { kind: 'index', of, index: inside.value };
    }
    return this.fail('only [], [<integer>] and ["<key>"] are supported inside brackets', inside);
  }

  private primary(): JqNode {
    const token = this.next();
    switch (token.type) {
      case 'field':
        return { kind: 'field', of: { kind: 'identity' }, name: token.text };
      case '.':
        if (this.peek().type === 'string') return { kind: 'field', of: { kind: 'identity' }, name: this.quotedKey() };
        return { kind: 'identity' };
      case 'string':
      case 'number':
        return { kind: 'literal', value: token.value };
      case '(':
        return this.nested(() => this.pipe());
      case 'ident':
        return this.word(token);
      default:
        return this.fail('expected a path such as .a, a literal, or select(…)', token);
    }
  }

  private word(token: Token & { type: 'ident' }): JqNode {
    if (Object.hasOwn(KEYWORD_LITERALS, token.text)) return { kind: 'literal', value: KEYWORD_LITERALS[token.text] };
    if (token.text === 'not') return { kind: 'not' };
    if (token.text === 'select') {
      this.expect('(');
      return { kind: 'select', condition: this.nested(() => this.pipe()) };
    }
    if (TEXT_TESTS.has(token.text)) {
      this.expect('(');
      const argument = this.next();
      if (argument.type !== 'string') return this.fail(`${token.text}() takes one string literal`, argument);
      this.expect(')');
      return { kind: 'text', test: token.text as 'startswith' | 'endswith' | 'contains', argument: argument.value };
    }
    return this.fail(`"${token.text}"; supported functions are select, not, startswith, endswith and contains`, token);
  }

  /** The key of `."key"`, whose string is the next token. */
  private quotedKey(): string {
    const token = this.next();
    return token.type === 'string' ? token.value : this.fail('expected a quoted key', token);
  }

  /** The inside of parentheses whose "(" was just read. */
  private nested(inside: () => JqNode): JqNode {
    if (++this.depth > MAX_NESTING) this.fail(`parentheses nest deeper than ${MAX_NESTING}`);
    const node = inside();
    this.expect(')');
    this.depth--;
    return node;
  }

  private expect(type: Token['type']): void {
    const token = this.next();
    if (token.type !== type) this.fail(`expected "${type}"`, token);
  }

  private is(operator: string): boolean {
    const token = this.peek();
    return token.type === operator || (token.type === 'ident' && token.text === operator);
  }

  private peek(ahead = 0): Token {
    return this.tokens[Math.min(this.position + ahead, this.tokens.length - 1)];
  }

  private next(): Token {
    const token = this.peek();
    if (token.type !== 'end') this.position++;
    return token;
  }

  private fail(reason: string, token: Token = this.peek()): never {
    throw new JqError(token.type === 'end' ? `unexpected end of expression: ${reason}` : `unsupported jq at character ${token.at + 1}: ${reason}`);
  }
}
