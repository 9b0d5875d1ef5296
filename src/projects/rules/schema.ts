import { z } from 'zod';
import { validateDns1123Subdomain } from '../../common/label-selector';
import { embeddedPasswordIssue } from './git-url';
import { validateGlob } from './glob';
import { roleIssues } from './roles';
import { parseCronSchedule, validateTimeZone, validateWindowDuration } from './sync-windows';
import type { AppProject } from '../../domain/app-project';
import type { FieldIssue } from '../../domain/field-issue';

/*
 * Validation of a posted AppProject manifest. Fields this module does not interpret (signatureKeys, ...) are
 * preserved as given. Every problem is reported with its field path. Roles are checked as Argo CD checks them
 * (./roles.ts) once the manifest's shape is right, since their policies must name the project.
 */

/** A zod string check from a `validateX(text) → reason | undefined` function. */
const checkedString = (validate: (value: string) => string | undefined) =>
  z.string().superRefine((value, ctx) => {
    const reason = validate(value);
    if (reason !== undefined) ctx.addIssue({ code: 'custom', message: reason });
  });

const pattern = checkedString((value) =>
  value === '!*' ? "'!*' is not allowed: denying everything makes the project unusable" : validateGlob(value.startsWith('!') ? value.slice(1) : value),
);

const groupKind = z.object({ group: z.string(), kind: z.string().min(1) });

const destination = z
  .object({ server: pattern.optional(), name: pattern.optional(), namespace: pattern.optional() })
  .refine((d) => d.server !== undefined || d.name !== undefined, { message: 'a destination needs server or name' });

// Sync-window globs have no `!` negation in Argo CD: a leading `!` is a literal character.
const windowGlobs = z.array(checkedString(validateGlob)).optional();

const syncWindow = z
  .looseObject({
    kind: z.enum(['allow', 'deny'], { message: 'must be allow or deny' }),
    schedule: checkedString((value) => {
      const parsed = parseCronSchedule(value);
      return parsed.ok ? undefined : parsed.reason;
    }),
    duration: checkedString(validateWindowDuration),
    applications: windowGlobs,
    namespaces: windowGlobs,
    clusters: windowGlobs,
    manualSync: z.boolean().optional(),
    // Argo CD falls back to UTC for a name it does not know; a typo here would move the window, so it is refused.
    timeZone: checkedString((value) => (value === '' ? undefined : validateTimeZone(value))).optional(),
    andOperator: z.boolean().optional(),
    description: z.string().max(255).optional(),
  })
  .refine((w) => !!(w.applications?.length || w.namespaces?.length || w.clusters?.length), {
    message: 'a sync window needs applications, namespaces or clusters',
  });

// Argo CD refuses two windows with the same kind, schedule, duration, lists, zone and operator.
const syncWindows = z.array(syncWindow).superRefine((windows, ctx) => {
  const seen = new Map<string, number>();
  for (const [index, w] of windows.entries()) {
    const identity = JSON.stringify([w.kind, w.schedule, w.duration, w.applications, w.namespaces, w.clusters, w.timeZone || 'UTC', !!w.andOperator]);
    const first = seen.get(identity);
    if (first !== undefined) ctx.addIssue({ code: 'custom', path: [index], message: `duplicates spec.syncWindows[${first}]` });
    else seen.set(identity, index);
  }
});

// Argo CD records the JWTs it issued in `jwtTokens`; manifests exported from Argo CD carry them, so they are
// accepted and kept, but they grant nothing here: the hub's tokens for a role are issued through its API.
const jwtToken = z.looseObject({ iat: z.number().int(), exp: z.number().int().optional(), id: z.string().optional() });

const projectRole = z.looseObject({
  name: z.string(),
  description: z.string().optional(),
  policies: z.array(z.string()).optional(),
  groups: z.array(z.string()).optional(),
  jwtTokens: z.array(jwtToken).optional(),
});

const specSchema = z.looseObject({
  description: z.string().optional(),
  sourceRepos: z.array(pattern).optional(),
  destinations: z.array(destination).optional(),
  sourceNamespaces: z.array(z.string()).optional(),
  clusterResourceWhitelist: z.array(groupKind).optional(),
  clusterResourceBlacklist: z.array(groupKind).optional(),
  namespaceResourceWhitelist: z.array(groupKind).optional(),
  namespaceResourceBlacklist: z.array(groupKind).optional(),
  syncWindows: syncWindows.optional(),
  roles: z.array(projectRole).optional(),
});

const dnsSubdomain = checkedString((value) => {
  const reason = validateDns1123Subdomain(value);
  return reason === undefined ? undefined : `must be a DNS-1123 subdomain: ${reason}`;
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
  const project = result.data as AppProject;
  const issues = roleIssues(project.metadata.name, project.spec.roles);
  if (issues.length > 0) return { ok: false, code: 'InvalidManifest', issues };
  return { ok: true, project };
}

function sourceReposWithPasswords(input: unknown): FieldIssue[] {
  const sourceRepos = (input as { spec?: { sourceRepos?: unknown } } | null)?.spec?.sourceRepos;
  if (!Array.isArray(sourceRepos)) return [];
  return sourceRepos.flatMap((entry: unknown, index) => {
    const issue = typeof entry === 'string' ? embeddedPasswordIssue(`spec.sourceRepos[${index}]`, entry) : undefined;
    return issue ? [issue] : [];
  });
}
