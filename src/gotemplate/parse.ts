/**
 * The parser of Go's text/template: tokens to one tree per template (the main one plus each
 * `{{define}}` and `{{block}}`). It follows text/template/parse's grammar, checks and messages:
 * unknown functions, undefined variables, break/continue outside range, misplaced else/end.
 */
import { GoTemplateParseError } from './errors';
import { lex, Token, TokenType } from './lex';
import { parseNumberConstant, unquoteGo } from './literals';
import { TokenCursor, describeToken } from './token-cursor';
import { ArgNode, BranchNode, CommandNode, ItemNode, ListNode, PipeNode, TemplateNode, VariableNode, nodeToString } from './nodes';
import { goQuote } from './quote';

/** The parsed templates of one source text, by name. */
export type TreeSet = Map<string, ListNode>;

/** `end` and `else` close a list; they never stay in the tree. */
type Closer = { kind: 'end' | 'else'; pos: number };

/** Parses `text` into its trees; `hasFunction` says which identifiers are callable. */
export function parseTrees(name: string, text: string, hasFunction: (name: string) => boolean): TreeSet {
  const trees: TreeSet = new Map();
  const cursor = new TokenCursor(lex(text), name);
  new TreeParser(name, cursor, trees, hasFunction).parseTop();
  return trees;
}

const OPERAND_START: ReadonlySet<TokenType> = new Set<TokenType>([
  'bool', 'charConstant', 'dot', 'field', 'identifier', 'number', 'nil', 'rawString', 'string', 'variable', 'leftParen',
]);

/**
 * Nesting of parentheses and control structures; Go stops parenthesised pipelines at 10000 with this
 * message. A lower bound here keeps the recursive parser and executor far from the JS stack limit.
 */
export const MAX_NESTING = 1000;

class TreeParser {
  private vars: string[] = ['$'];
  private depth = 0;
  private rangeDepth = 0;
  private actionLine = 0;

  constructor(
    private readonly name: string,
    private readonly cursor: TokenCursor,
    private readonly trees: TreeSet,
    private readonly hasFunction: (name: string) => boolean,
  ) {}

  parseTop(): void {
    const root = this.list(this.cursor.peek().pos);
    while (this.cursor.peek().type !== 'eof') {
      if (this.cursor.peek().type === 'leftDelim') {
        const mark = this.cursor.mark();
        this.cursor.next();
        if (this.cursor.nextNonSpace().type === 'define') {
          new TreeParser('definition', this.cursor, this.trees, this.hasFunction).parseDefinition();
          continue;
        }
        this.cursor.reset(mark);
      }
      const item = this.textOrAction();
      if ('kind' in item && (item.kind === 'end' || item.kind === 'else')) this.fail(`unexpected {{${item.kind}}}`);
      else root.nodes.push(item as ItemNode);
    }
    this.addTree(this.name, root);
  }

  private parseDefinition(): void {
    const nameToken = this.cursor.nextNonSpace();
    if (nameToken.type !== 'string' && nameToken.type !== 'rawString') this.unexpected(nameToken, 'define clause');
    const name = this.unquote(nameToken.value);
    this.expect('rightDelim', 'define clause');
    const [root, end] = this.itemList();
    if (end.kind !== 'end') this.fail(`unexpected {{${end.kind}}} in define clause`);
    this.addTree(name, root);
  }

  /** Go: a later empty definition never replaces a filled one; two filled ones are an error. */
  private addTree(name: string, root: ListNode): void {
    const existing = this.trees.get(name);
    if (!existing || isEmptyTree(existing)) this.trees.set(name, root);
    else if (!isEmptyTree(root)) this.fail(`template: multiple definition of template ${goQuote(name, false)}`);
  }

  private itemList(): [ListNode, Closer] {
    const list = this.list(this.cursor.peekNonSpace().pos);
    while (this.cursor.peekNonSpace().type !== 'eof') {
      const item = this.textOrAction();
      if (item.kind === 'end' || item.kind === 'else') return [list, item];
      list.nodes.push(item as ItemNode);
    }
    return this.fail('unexpected EOF');
  }

  private textOrAction(): ItemNode | Closer {
    const token = this.cursor.nextNonSpace();
    if (token.type === 'text') return { kind: 'text', pos: token.pos, text: token.value };
    if (token.type === 'leftDelim') {
      this.actionLine = token.line;
      try {
        return this.action();
      } finally {
        this.actionLine = 0;
      }
    }
    return this.unexpected(token, 'input');
  }

  private action(): ItemNode | Closer {
    const token = this.cursor.nextNonSpace();
    switch (token.type) {
      case 'block':
        return this.blockControl();
      case 'break':
      case 'continue':
        return this.loopControl(token);
      case 'else':
        return this.elseControl();
      case 'end':
        return { kind: 'end', pos: this.expect('rightDelim', 'end').pos };
      case 'if':
      case 'range':
      case 'with':
        return this.branchControl(token.type);
      case 'template':
        return this.templateControl();
    }
    this.cursor.backup();
    const start = this.cursor.peek();
    return { kind: 'action', pos: start.pos, pipe: this.pipeline('command', 'rightDelim') };
  }

  private loopControl(token: Token): ItemNode {
    const kind = token.type === 'break' ? 'break' : 'continue';
    const next = this.cursor.nextNonSpace();
    if (next.type !== 'rightDelim') this.unexpected(next, `{{${kind}}}`);
    if (this.rangeDepth === 0) this.fail(`{{${kind}}} outside {{range}}`);
    return { kind, pos: token.pos };
  }

  /** `{{else if ...}}` and `{{else with ...}}` read as `{{else}}{{if ...}}...{{end}}`. */
  private elseControl(): Closer {
    const peek = this.cursor.peekNonSpace();
    if (peek.type === 'if' || peek.type === 'with') return { kind: 'else', pos: peek.pos };
    return { kind: 'else', pos: this.expect('rightDelim', 'else').pos };
  }

  private branchControl(kind: 'if' | 'range' | 'with'): BranchNode {
    const mark = this.vars.length;
    this.enter();
    try {
      const pipe = this.pipeline(kind, 'rightDelim');
      if (kind === 'range') this.rangeDepth++;
      const [list, next] = this.itemList();
      if (kind === 'range') this.rangeDepth--;
      let elseList: ListNode | null = null;
      if (next.kind === 'else') {
        const chained = this.cursor.peek().type;
        if ((kind === 'if' && chained === 'if') || (kind === 'with' && chained === 'with')) {
          this.cursor.next();
          elseList = this.list(next.pos);
          elseList.nodes.push(this.branchControl(kind));
        } else {
          let end: Closer;
          [elseList, end] = this.itemList();
          if (end.kind !== 'end') this.fail('expected end; found {{else}}');
        }
      }
      return { kind, pos: pipe.pos, pipe, list, elseList };
    } finally {
      this.vars.length = mark;
      this.depth--;
    }
  }

  private templateControl(): TemplateNode {
    const token = this.cursor.nextNonSpace();
    const name = this.templateName(token, 'template clause');
    let pipe: PipeNode | null = null;
    if (this.cursor.nextNonSpace().type !== 'rightDelim') {
      this.cursor.backup();
      pipe = this.pipeline('template clause', 'rightDelim');
    }
    return { kind: 'template', pos: token.pos, name, pipe };
  }

  /** `{{block "name" pipe}}body{{end}}` defines "name" and executes it in place. */
  private blockControl(): TemplateNode {
    const token = this.cursor.nextNonSpace();
    const name = this.templateName(token, 'block clause');
    const pipe = this.pipeline('block clause', 'rightDelim');
    const block = new TreeParser(name, this.cursor, this.trees, this.hasFunction);
    const [root, end] = block.itemList();
    if (end.kind !== 'end') this.fail(`unexpected {{${end.kind}}} in block clause`);
    block.addTree(name, root);
    return { kind: 'template', pos: token.pos, name, pipe };
  }

  private templateName(token: Token, context: string): string {
    if (token.type !== 'string' && token.type !== 'rawString') this.unexpected(token, context);
    return this.unquote(token.value);
  }

  private pipeline(context: string, end: 'rightDelim' | 'rightParen'): PipeNode {
    const pipe: PipeNode = { kind: 'pipe', pos: this.cursor.peekNonSpace().pos, isAssign: false, decl: [], cmds: [] };
    this.declarations(pipe, context);
    for (;;) {
      const token = this.cursor.nextNonSpace();
      if (token.type === end) {
        this.checkPipeline(pipe, context);
        return pipe;
      }
      if (!OPERAND_START.has(token.type)) this.unexpected(token, context);
      this.cursor.backup();
      pipe.cmds.push(this.command());
    }
  }

  private declarations(pipe: PipeNode, context: string): void {
    for (;;) {
      const variable = this.cursor.peekNonSpace();
      if (variable.type !== 'variable') return;
      const mark = this.cursor.mark();
      this.cursor.nextNonSpace();
      const next = this.cursor.peekNonSpace();
      if (next.type === 'assign' || next.type === 'declare') {
        pipe.isAssign = next.type === 'assign';
        this.cursor.nextNonSpace();
        this.declare(pipe, variable);
        return;
      }
      if (next.type === 'char' && next.value === ',') {
        this.cursor.nextNonSpace();
        this.declare(pipe, variable);
        if (context === 'range' && pipe.decl.length < 2) {
          const following = this.cursor.peekNonSpace().type;
          if (following === 'variable' || following === 'rightDelim' || following === 'rightParen') continue;
          this.fail('range can only initialize variables');
        }
        this.fail(`too many declarations in ${context}`);
      }
      this.cursor.reset(mark);
      return;
    }
  }

  private declare(pipe: PipeNode, token: Token): void {
    pipe.decl.push({ kind: 'variable', pos: token.pos, ident: token.value.split('.') });
    this.vars.push(token.value);
  }

  private checkPipeline(pipe: PipeNode, context: string): void {
    if (pipe.cmds.length === 0) this.fail(`missing value for ${context}`);
    pipe.cmds.slice(1).forEach((cmd, i) => {
      if (['bool', 'dot', 'nil', 'number', 'string'].includes(cmd.args[0].kind)) {
        this.fail(`non executable command in pipeline stage ${i + 2}`);
      }
    });
  }

  private command(): CommandNode {
    const cmd: CommandNode = { kind: 'command', pos: this.cursor.peekNonSpace().pos, args: [] };
    for (;;) {
      this.cursor.peekNonSpace();
      const operand = this.operand();
      if (operand) cmd.args.push(operand);
      const token = this.cursor.next();
      if (token.type === 'space') continue;
      if (token.type === 'rightDelim' || token.type === 'rightParen') this.cursor.backup();
      else if (token.type !== 'pipe') this.unexpected(token, 'operand');
      break;
    }
    if (cmd.args.length === 0) this.fail('empty command');
    return cmd;
  }

  private operand(): ArgNode | null {
    const node = this.term();
    if (!node || this.cursor.peek().type !== 'field') return node;
    const pos = this.cursor.peek().pos;
    const fields: string[] = [];
    while (this.cursor.peek().type === 'field') fields.push(this.cursor.next().value.slice(1));
    switch (node.kind) {
      case 'field':
        return { kind: 'field', pos, ident: [...node.ident, ...fields] };
      case 'variable':
        return { kind: 'variable', pos, ident: [...node.ident, ...fields] };
      case 'bool':
      case 'string':
      case 'number':
      case 'nil':
      case 'dot':
        return this.fail(`unexpected . after term ${goQuote(nodeToString(node), false)}`);
      default:
        return { kind: 'chain', pos, node, fields };
    }
  }

  private term(): ArgNode | null {
    const token = this.cursor.nextNonSpace();
    switch (token.type) {
      case 'identifier':
        if (!this.hasFunction(token.value)) this.fail(`function ${goQuote(token.value, false)} not defined`);
        return { kind: 'identifier', pos: token.pos, name: token.value };
      case 'dot':
        return { kind: 'dot', pos: token.pos };
      case 'nil':
        return { kind: 'nil', pos: token.pos };
      case 'variable':
        return this.useVariable(token);
      case 'field':
        return { kind: 'field', pos: token.pos, ident: token.value.slice(1).split('.') };
      case 'bool':
        return { kind: 'bool', pos: token.pos, value: token.value === 'true' };
      case 'number':
      case 'charConstant': {
        const value = parseNumberConstant(token.value, token.type === 'charConstant');
        if (typeof value === 'object') return this.fail(value.error);
        return { kind: 'number', pos: token.pos, text: token.value, value };
      }
      case 'leftParen': {
        this.enter();
        const pipe = this.pipeline('parenthesized pipeline', 'rightParen');
        this.depth--;
        return pipe;
      }
      case 'string':
      case 'rawString':
        return { kind: 'string', pos: token.pos, quoted: token.value, text: this.unquote(token.value) };
    }
    this.cursor.backup();
    return null;
  }

  private useVariable(token: Token): VariableNode {
    const ident = token.value.split('.');
    if (!this.vars.includes(ident[0])) this.fail(`undefined variable ${goQuote(ident[0], false)}`);
    return { kind: 'variable', pos: token.pos, ident };
  }

  private unquote(literal: string): string {
    try {
      return unquoteGo(literal);
    } catch {
      return this.fail('invalid syntax');
    }
  }

  private expect(type: TokenType, context: string): Token {
    const token = this.cursor.nextNonSpace();
    if (token.type !== type) this.unexpected(token, context);
    return token;
  }

  private unexpected(token: Token, context: string): never {
    if (token.type === 'error') {
      let extra = '';
      if (this.actionLine !== 0 && this.actionLine !== token.line) {
        extra = ` in action started at ${this.cursor.parseName}:${this.actionLine}`;
        if (token.value.endsWith(' action')) extra = extra.slice(' in action'.length);
      }
      return this.fail(`${token.value}${extra}`);
    }
    return this.fail(`unexpected ${describeToken(token)} in ${context}`);
  }

  private enter(): void {
    if (++this.depth > MAX_NESTING) this.fail('max expression depth exceeded');
  }

  private list(pos: number): ListNode {
    return { kind: 'list', pos, nodes: [] };
  }

  private fail(message: string): never {
    throw new GoTemplateParseError(`template: ${this.cursor.parseName}:${this.cursor.errorLine()}: ${message}`);
  }
}

/** Go's parse.IsEmptyTree: only whitespace text (and nothing executable). */
function isEmptyTree(list: ListNode): boolean {
  return list.nodes.every((node) => node.kind === 'text' && node.text.trim() === '');
}
