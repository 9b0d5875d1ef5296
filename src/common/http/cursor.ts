import { DomainError } from '../errors/domain-error';

/** Opaque page cursors: clients pass them back unchanged, so the ordering key can change later. */
export function encodeCursor(after: string): string {
  return Buffer.from(JSON.stringify({ after }), 'utf8').toString('base64url');
}

export function decodeCursor(cursor: string): string {
  try {
    const decoded = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as { after?: unknown };
    if (typeof decoded.after === 'string') return decoded.after;
  } catch {
    // Falls through to the error below: any undecodable cursor is the caller's mistake.
  }
  throw new DomainError('ValidationFailed', 'Invalid cursor', [{ field: 'cursor', reason: 'not a cursor returned by this API' }]);
}
