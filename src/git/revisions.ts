/** Refs as `git ls-remote` reports them: name → object id; peeled tags appear as `refs/tags/x^{}`. */
export type RemoteRefs = ReadonlyMap<string, string>;

export type RevisionMatch =
  | { readonly kind: 'ref'; readonly ref: string; readonly sha: string }
  /** Looks like a commit id that no ref points at: it has to be looked up in the mirror. */
  | { readonly kind: 'commit'; readonly candidate: string; readonly full: boolean }
  | { readonly kind: 'missing' }
  | { readonly kind: 'invalid'; readonly reason: string };

const FULL_SHA = /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/;
const SHORT_SHA = /^[0-9a-f]{4,63}$/;
// Everything git forbids in ref names plus a leading dash, so no revision can be read as an option.
const INVALID_REF = /(^-)|[\s~^:?*[\\]|\.\.|@\{|\/\/|\.lock$|\/$|\.$/;
const HAS_CONTROL_CHAR = (value: string) => [...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);

export function parseLsRemote(output: string): Map<string, string> {
  const refs = new Map<string, string>();
  for (const line of output.split('\n')) {
    const [sha, name] = line.split('\t');
    if (sha && name && /^[0-9a-f]{40,64}$/.test(sha)) refs.set(name, sha);
  }
  return refs;
}

export function isFullSha(value: string): boolean {
  return FULL_SHA.test(value);
}

/**
 * Argo CD's targetRevision semantics: empty or `HEAD` is the default branch; a branch wins over a tag
 * of the same name (ls-remote order); a tag resolves to the commit it points at; a full ref name is
 * taken literally; anything hex-looking that no ref matches is a commit id to look up.
 */
export function matchRevision(refs: RemoteRefs, revision: string): RevisionMatch {
  const rev = revision.trim();
  if (rev === '' || rev === 'HEAD') {
    const sha = refs.get('HEAD');
    return sha === undefined ? { kind: 'missing' } : { kind: 'ref', ref: 'HEAD', sha };
  }
  if (INVALID_REF.test(rev) || HAS_CONTROL_CHAR(rev)) return { kind: 'invalid', reason: `"${rev}" is not a valid revision` };
  const names = rev.startsWith('refs/') ? [rev] : [`refs/heads/${rev}`, `refs/tags/${rev}`];
  for (const ref of names) {
    const sha = refs.get(`${ref}^{}`) ?? refs.get(ref);
    if (sha !== undefined) return { kind: 'ref', ref, sha };
  }
  const lower = rev.toLowerCase();
  if (FULL_SHA.test(lower)) {
    // A branch tip named by its id needs no fetch to be known; it still has to be fetched to be read.
    for (const [ref, sha] of refs) if (sha === lower && ref !== 'HEAD') return { kind: 'ref', ref: ref.replace(/\^\{\}$/, ''), sha };
    return { kind: 'commit', candidate: lower, full: true };
  }
  if (SHORT_SHA.test(lower)) return { kind: 'commit', candidate: lower, full: false };
  return { kind: 'missing' };
}
