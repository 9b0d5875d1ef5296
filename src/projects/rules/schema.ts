import { z } from 'zod';
import { validateDns1123Subdomain } from '../../common/label-selector';
import { embeddedPasswordIssue } from './git-url';
import { validateGlob } from './glob';
import type { AppProject } from '../../domain/app-project';
import type { FieldIssue } from '../../domain/field-issue';

/*
 * Validation of a posted AppProject manifest. Fields this module does not interpret (roles, syncWindows,
 * signatureKeys, ...) are preserved as given. Every problem is reported with its field path.
 */

const pattern = z.string().superRefine((value, ctx) => {
  if (value === '!*') {
    ctx.addIssue({ code: 'custom', message: "'!*' is not allowed: denying everything makes the project unusable" });
    return;
  }
  const reason = validateGlob(value.startsWith('!') ? value.slice(1) : value);
  if (reason !== undefined) ctx.addIssue({ code: 'custom', message: reason });
});

const groupKind = z.object({ group: z.string(), kind: z.string().min(1) });

const destination = z
  .object({ server: pattern.optional(), name: pattern.optional(), namespace: pattern.optional() })
  .refine((d) => d.server !== undefined || d.name !== undefined, { message: 'a destination needs server or name' });

const specSchema = z.looseObject({
  description: z.string().optional(),
  sourceRepos: z.array(pattern).optional(),
  destinations: z.array(destination).optional(),
  sourceNamespaces: z.array(z.string()).optional(),
  clusterResourceWhitelist: z.array(groupKind).optional(),
  clusterResourceBlacklist: z.array(groupKind).optional(),
  namespaceResourceWhitelist: z.array(groupKind).optional(),
  namespaceResourceBlacklist: z.array(groupKind).optional(),
});

const dnsSubdomain = z.string().superRefine((value, ctx) => {
  const reason = validateDns1123Subdomain(value);
  if (reason !== undefined) ctx.addIssue({ code: 'custom', message: `must be a DNS-1123 subdomain: ${reason}` });
});

export const appProjectManifestSchema = z.looseObject({
  apiVersion: z.literal('argoproj.io/v1alpha1'),
  kind: z.literal('AppProject'),
  metadata: z.looseObject({
    name: dnsSubdomain,
    namespace: z.string().optional(),
    labels: z.record(z.string(), z.string()).optional(),
    annotations: z.record(z.string(), z.string()).optional(),
  }),
  spec: specSchema.default({}),
});

export type { FieldIssue };

/** `CredentialInRepoURL`: the manifest is well-formed but names a repository with its password (a 422, not a 400). */
export type AppProjectParseResult =
  | { ok: true; project: AppProject }
  | { ok: false; code: 'InvalidManifest' | 'CredentialInRepoURL'; issues: FieldIssue[] };

/** Formats a zod issue path as `spec.destinations[0].server`. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path
    .map((part, index) => (typeof part === 'number' ? `[${part}]` : `${index === 0 ? '' : '.'}${String(part)}`))
    .join('');
}

export function parseAppProjectManifest(input: unknown): AppProjectParseResult {
  // Checked before the schema: no other message (a glob error quotes its pattern) may echo such a URL.
  const credentialIssues = sourceReposWithPasswords(input);
  if (credentialIssues.length > 0) return { ok: false, code: 'CredentialInRepoURL', issues: credentialIssues };
  const result = appProjectManifestSchema.safeParse(input);
  if (!result.success) {
    return {
      ok: false,
      code: 'InvalidManifest',
      issues: result.error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message })),
    };
  }
  return { ok: true, project: result.data as AppProject };
}

function sourceReposWithPasswords(input: unknown): FieldIssue[] {
  const sourceRepos = (input as { spec?: { sourceRepos?: unknown } } | null)?.spec?.sourceRepos;
  if (!Array.isArray(sourceRepos)) return [];
  return sourceRepos.flatMap((entry: unknown, index) => {
    const issue = typeof entry === 'string' ? embeddedPasswordIssue(`spec.sourceRepos[${index}]`, entry) : undefined;
    return issue ? [issue] : [];
  });
}
