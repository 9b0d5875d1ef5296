import { unusableTextReason } from '../common/http/input-guard';
import { SignInRefusal } from './sign-in-refusal';

/** Who signed in, as a session keeps it. */
export interface SignedInIdentity {
  /** The ID token's `sub`: what the policies and the audit log see. */
  subject: string;
  /** For people reading a session list: `email`, else `preferred_username`, else the subject. */
  displayName: string;
  groups: string[];
}

const MAX_GROUPS = 500;
const MAX_TEXT = 256;

/**
 * Reads the subject, display name and groups of verified ID token claims. The groups claim may be a list of strings
 * or a single string (some providers send one group that way); other values in it are ignored, not fatal.
 */
export function identityFromClaims(claims: Record<string, unknown>, groupsClaim: string): SignedInIdentity {
  if (typeof claims.sub === 'string' && unusableTextReason(claims.sub, true)) {
    throw new SignInRefusal('invalid-id-token', 'Unauthenticated', `The ID token's subject (sub) ${unusableTextReason(claims.sub, true)}`);
  }
  const subject = text(claims.sub);
  if (!subject) throw new SignInRefusal('invalid-id-token', 'Unauthenticated', 'The ID token has no subject (sub)');
  const displayName = text(claims.email) ?? text(claims.preferred_username) ?? subject;
  return { subject, displayName, groups: groupsOf(claims[groupsClaim]) };
}

function groupsOf(value: unknown): string[] {
  const listed = Array.isArray(value) ? value : typeof value === 'string' ? [value] : [];
  const groups = listed.map(text).filter((group): group is string => group !== undefined);
  return [...new Set(groups)].slice(0, MAX_GROUPS);
}

/** A claim fit to keep: a name, email or group the database can store and a log line can show, else none. */
function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.trim() !== '' && value.length <= MAX_TEXT && !unusableTextReason(value, true) ? value : undefined;
}
