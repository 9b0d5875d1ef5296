import { type CST, Composer, LineCounter, Parser, visit } from 'yaml';
import { DomainError } from '../errors/domain-error';
import { MAX_BODY_DEPTH } from './input-guard';

/** Anchors are for the odd repeated block; more aliases than this is an expansion attack, not a manifest. */
const MAX_ALIASES = 100;

/**
 * A YAML request body as plain data, or a 400 saying why not. The syntax tree is built first, without recursion,
 * and measured: yaml composes documents recursively, and a few kilobytes of `[[[[…` exhaust the stack, which can
 * take the whole process down. Aliases are counted before they are resolved (alias bombs), and unresolved ones
 * are the client's mistake; the expanded size is bounded later, by the input guard's walk.
 */
export function yamlBodyToJs(text: string): unknown {
  const lines = new LineCounter();
  const tokens = [...new Parser(lines.addNewLine).parse(text)];
  if (tokens.some((token) => nestingExceeds(token, MAX_BODY_DEPTH))) throw refused(`is nested deeper than ${MAX_BODY_DEPTH} levels`);
  const documents = [...new Composer({ uniqueKeys: true }).compose(tokens, true, text.length)];
  if (documents.length > 1) throw refused('is not valid YAML: it holds more than one document');
  const [document] = documents;
  const [error] = document.errors;
  if (error) {
    // Only the first line: YAML error texts go on to quote the offending source, which may hold a credential.
    const { line, col } = lines.linePos(error.pos[0]);
    throw refused(`is not valid YAML: ${error.message.split('\n')[0]} at line ${line}, column ${col}`);
  }
  let aliases = 0;
  visit(document, {
    Alias() {
      aliases++;
    },
  });
  if (aliases > MAX_ALIASES) throw refused(`uses ${aliases} YAML aliases; at most ${MAX_ALIASES} are accepted`);
  try {
    return document.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (error) {
    // yaml throws ReferenceError for both; its texts name the alias, and error texts never quote the body.
    if (!(error instanceof ReferenceError)) throw error;
    throw refused(
      error.message.startsWith('Unresolved alias')
        ? 'is not valid YAML: an alias refers to an anchor that is not defined before it'
        : 'uses YAML aliases that expand exponentially',
    );
  }
}

function refused(reason: string): DomainError {
  return new DomainError('BadRequestBody', `Request body ${reason}`, [{ field: '(body)', reason }]);
}

/** Whether collections in `root` nest deeper than `limit`; an explicit stack, since the tree may be 100,000 deep. */
function nestingExceeds(root: CST.Token, limit: number): boolean {
  const pending: { token: CST.Token; depth: number }[] = [{ token: root, depth: 0 }];
  while (pending.length > 0) {
    const { token, depth } = pending.pop()!;
    if (token.type === 'document') {
      if (token.value) pending.push({ token: token.value, depth });
    } else if (token.type === 'block-map' || token.type === 'block-seq' || token.type === 'flow-collection') {
      if (depth + 1 > limit) return true;
      for (const item of token.items as CST.CollectionItem[]) {
        if (item.key) pending.push({ token: item.key, depth: depth + 1 });
        if (item.value) pending.push({ token: item.value, depth: depth + 1 });
      }
    }
  }
  return false;
}
