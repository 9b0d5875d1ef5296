/**
 * The parse tree of a Go template, shaped like text/template/parse's nodes. `nodeToString` prints a node as
 * Go's Node.String() does, because execution errors quote it (`executing "t" at <.a.b>: ...`).
 */
import { goQuote } from './quote';

interface At {
  /** Offset in the template text, for line:col in error messages. */
  pos: number;
}

export interface TextNode extends At {
  kind: 'text';
  text: string;
}
export interface FieldNode extends At {
  kind: 'field';
  ident: string[];
}
export interface VariableNode extends At {
  kind: 'variable';
  ident: string[];
}
export interface IdentifierNode extends At {
  kind: 'identifier';
  name: string;
}
export interface DotNode extends At {
  kind: 'dot';
}
export interface NilNode extends At {
  kind: 'nil';
}
export interface BoolNode extends At {
  kind: 'bool';
  value: boolean;
}
export interface NumberNode extends At {
  kind: 'number';
  text: string;
  /** The value as Go's idealConstant gives it: an int (bigint) or a float64 (number). */
  value: bigint | number;
}
export interface StringNode extends At {
  kind: 'string';
  quoted: string;
  text: string;
}
export interface ChainNode extends At {
  kind: 'chain';
  node: ArgNode;
  fields: string[];
}
export interface PipeNode extends At {
  kind: 'pipe';
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode extends At {
  kind: 'command';
  args: ArgNode[];
}
export type ArgNode =
  | FieldNode
  | VariableNode
  | IdentifierNode
  | DotNode
  | NilNode
  | BoolNode
  | NumberNode
  | StringNode
  | ChainNode
  | PipeNode;

export interface ActionNode extends At {
  kind: 'action';
  pipe: PipeNode;
}
export interface BranchNode extends At {
  kind: 'if' | 'range' | 'with';
  pipe: PipeNode;
  list: ListNode;
  elseList: ListNode | null;
}
export interface TemplateNode extends At {
  kind: 'template';
  name: string;
  pipe: PipeNode | null;
}
export interface LoopControlNode extends At {
  kind: 'break' | 'continue';
}
export interface ListNode extends At {
  kind: 'list';
  nodes: ItemNode[];
}
export type ItemNode = TextNode | ActionNode | BranchNode | TemplateNode | LoopControlNode | ListNode;
export type Node = ItemNode | ArgNode | CommandNode;

export function nodeToString(node: Node): string {
  switch (node.kind) {
    case 'text':
      return node.text;
    case 'field':
      return node.ident.map((id) => `.${id}`).join('');
    case 'variable':
      return node.ident.join('.');
    case 'identifier':
      return node.name;
    case 'dot':
      return '.';
    case 'nil':
      return 'nil';
    case 'bool':
      return String(node.value);
    case 'number':
      return node.text;
    case 'string':
      return node.quoted;
    case 'chain':
      return `${node.node.kind === 'pipe' ? `(${nodeToString(node.node)})` : nodeToString(node.node)}${node.fields.map((f) => `.${f}`).join('')}`;
    case 'pipe':
      return pipeToString(node);
    case 'command':
      return node.args.map((arg) => (arg.kind === 'pipe' ? `(${nodeToString(arg)})` : nodeToString(arg))).join(' ');
    case 'action':
      return `{{${pipeToString(node.pipe)}}}`;
    case 'if':
    case 'range':
    case 'with':
      return `{{${node.kind} ${pipeToString(node.pipe)}}}${nodeToString(node.list)}${node.elseList ? `{{else}}${nodeToString(node.elseList)}` : ''}{{end}}`;
    case 'template':
      return node.pipe ? `{{template ${goQuote(node.name, false)} ${pipeToString(node.pipe)}}}` : `{{template ${goQuote(node.name, false)}}}`;
    case 'break':
    case 'continue':
      return `{{${node.kind}}}`;
    case 'list':
      return node.nodes.map(nodeToString).join('');
  }
}

function pipeToString(pipe: PipeNode): string {
  const decl = pipe.decl.length ? `${pipe.decl.map(nodeToString).join(', ')} ${pipe.isAssign ? '=' : ':='} ` : '';
  return decl + pipe.cmds.map(nodeToString).join(' | ');
}
