import { LabelSelectorError, type SelectorRequirement } from './types';
import { validateLabelKey, validateLabelValue } from './validation';

/*
 * Parser for the Kubernetes label-selector string syntax (apimachinery `labels.Parse`):
 *   env in (staging,production), tier!=db, app, !legacy, a=b, a==b
 * Whitespace is insignificant; an empty string selects everything. The numeric `<`/`>` operators that
 * Kubernetes accepts only for node affinity are rejected because the requirement model has no Gt/Lt.
 */

type TokenKind = 'ident' | '(' | ')' | ',' | '=' | '==' | '!=' | '!' | '<' | '>' | 'end';

interface Token {
  kind: TokenKind;
  text: string;
  position: number;
}

const SPECIAL_CHARS = new Set(['(', ')', ',', '=', '!', '<', '>']);

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const ch = text[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if ((ch === '=' || ch === '!') && text[i + 1] === '=') {
      tokens.push({ kind: ch === '=' ? '==' : '!=', text: `${ch}=`, position: i });
      i += 2;
      continue;
    }
    if (SPECIAL_CHARS.has(ch)) {
      tokens.push({ kind: ch as TokenKind, text: ch, position: i });
      i++;
      continue;
    }
    const start = i;
    while (i < text.length && !SPECIAL_CHARS.has(text[i]) && !/\s/.test(text[i])) i++;
    tokens.push({ kind: 'ident', text: text.slice(start, i), position: start });
  }
  tokens.push({ kind: 'end', text: 'end of string', position: text.length });
  return tokens;
}

// Kubernetes reserves these words as operators; they cannot be used as keys.
const KEYWORDS = new Set(['in', 'notin']);

class Parser {
  private index = 0;

  constructor(
    private readonly source: string,
    private readonly tokens: Token[],
  ) {}

  parse(): SelectorRequirement[] {
    const requirements: SelectorRequirement[] = [];
    if (this.peek().kind === 'end') return requirements;
    for (;;) {
      requirements.push(this.parseRequirement());
      const next = this.next();
      if (next.kind === 'end') return requirements;
      if (next.kind !== ',') this.fail(next, "',' or end of string");
    }
  }

  private parseRequirement(): SelectorRequirement {
    if (this.peek().kind === '!') {
      this.next();
      const key = this.parseKey();
      this.expectRequirementEnd();
      return { key, operator: 'DoesNotExist', values: [] };
    }
    const key = this.parseKey();
    const op = this.peek();
    switch (op.kind) {
      case ',':
      case 'end':
        return { key, operator: 'Exists', values: [] };
      case '=':
      case '==':
        this.next();
        return { key, operator: 'In', values: [this.parseExactValue()] };
      case '!=':
        this.next();
        return { key, operator: 'NotIn', values: [this.parseExactValue()] };
      case '<':
      case '>':
        throw this.error(op, `operator '${op.text}' is not supported`);
      case 'ident':
        if (op.text === 'in' || op.text === 'notin') {
          this.next();
          return { key, operator: op.text === 'in' ? 'In' : 'NotIn', values: this.parseValueSet() };
        }
        return this.fail(op, "an operator (=, ==, !=, in, notin), ',' or end of string");
      default:
        return this.fail(op, "an operator (=, ==, !=, in, notin), ',' or end of string");
    }
  }

  private parseKey(): string {
    const token = this.next();
    if (token.kind !== 'ident' || KEYWORDS.has(token.text)) this.fail(token, 'a label key');
    const reason = validateLabelKey(token.text);
    if (reason !== undefined) throw this.error(token, `invalid label key: ${reason}`);
    return token.text;
  }

  private parseExactValue(): string {
    const token = this.peek();
    if (token.kind === ',' || token.kind === 'end') return '';
    if (token.kind !== 'ident') this.fail(token, "a value, ',' or end of string");
    this.next();
    return this.checkValue(token);
  }

  // `(a,b)`; empty entries (`(,a)`, `()`) stand for the empty value, as in Kubernetes.
  private parseValueSet(): string[] {
    const open = this.next();
    if (open.kind !== '(') this.fail(open, "'('");
    const values = new Set<string>();
    let expectValue = true;
    for (;;) {
      const token = this.next();
      if (token.kind === 'ident' && expectValue) {
        values.add(this.checkValue(token));
        expectValue = false;
      } else if (token.kind === ',') {
        if (expectValue) values.add('');
        expectValue = true;
      } else if (token.kind === ')') {
        if (expectValue) values.add('');
        return [...values];
      } else {
        this.fail(token, expectValue ? "a value, ',' or ')'" : "',' or ')'");
      }
    }
  }

  private checkValue(token: Token): string {
    const reason = validateLabelValue(token.text);
    if (reason !== undefined) throw this.error(token, `invalid label value: ${reason}`);
    return token.text;
  }

  private expectRequirementEnd(): void {
    const token = this.peek();
    if (token.kind !== ',' && token.kind !== 'end') this.fail(token, "',' or end of string");
  }

  private peek(): Token {
    return this.tokens[this.index];
  }

  private next(): Token {
    const token = this.tokens[this.index];
    if (token.kind !== 'end') this.index++;
    return token;
  }

  private fail(token: Token, expected: string): never {
    throw this.error(token, `found '${token.text}', expected ${expected}`);
  }

  private error(token: Token, detail: string): LabelSelectorError {
    return new LabelSelectorError(`invalid label selector "${this.source}" at position ${token.position}: ${detail}`);
  }
}

/** Parses a Kubernetes label-selector string; throws `LabelSelectorError` naming the position and token. */
export function parseLabelSelector(text: string): SelectorRequirement[] {
  return new Parser(text, tokenize(text)).parse();
}
