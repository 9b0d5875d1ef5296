import { z } from 'zod';
import { validateDns1123Subdomain } from '../../common/label-selector';
import { formatIssuePath } from '../../projects/rules';
import { strategyIssues } from '../../rollouts/strategy';
import type { GeneratorRegistry } from './generators';
import { parseJsonPointer } from './ignore-differences';
import { repoUrlsWithPasswords } from './repo-url-passwords';
import { executeOptionsFromGo, GoTemplateOptionError } from '../../gotemplate';
import type { ApplicationSet, ExpansionErrorCode, FieldIssue } from './types';

/*
 * Validates an `argoproj.io/v1alpha1` ApplicationSet accepted unchanged from users: unknown fields anywhere
 * (inside `spec.template`, `strategy`, `goTemplateOptions`, ...) are allowed and preserved, because the
 * validated manifest returned is the input object itself. Every issue carries its field path.
 * `spec.strategy` (Progressive Syncs) is checked by the rollout engine's schema, see src/rollouts/strategy.ts.
 * `applyNestedSelectors` is accepted and has no effect: selectors of matrix/merge children always apply, as in
 * Argo CD 3.x.
 */

const SYNC_POLICIES = ['create-only', 'create-update', 'create-delete', 'sync'] as const;

const dnsSubdomain = z.string().superRefine((value, ctx) => {
  const reason = validateDns1123Subdomain(value);
  if (reason !== undefined) ctx.addIssue({ code: 'custom', message: `must be a DNS-1123 subdomain: ${reason}` });
});

const stringMap = z.record(z.string(), z.string());

/** Go's text/template accepts only `missingkey=` options; any other makes Argo CD's controller fail the set. */
const goTemplateOption = z.string().superRefine((value, ctx) => {
  try {
    executeOptionsFromGo([value]);
  } catch (error) {
    if (!(error instanceof GoTemplateOptionError)) throw error;
    ctx.addIssue({ code: 'custom', message: `${error.message} (must be missingkey=default, invalid, zero or error)` });
  }
});

const jsonPointer = z.string().refine((value) => parseJsonPointer(value) !== undefined && value !== '', {
  message: "must be a JSON pointer starting with '/'",
});

const templateSchema = z.looseObject({
  metadata: z.looseObject({
    name: z.string().optional(),
    labels: stringMap.optional(),
    annotations: stringMap.optional(),
    finalizers: z.array(z.string()).optional(),
  }),
  spec: z.looseObject({
    project: z.string(),
    destination: z.looseObject({ server: z.string().optional(), name: z.string().optional(), namespace: z.string().optional() }),
    source: z.looseObject({ repoURL: z.string() }).optional(),
    sources: z.array(z.looseObject({ repoURL: z.string() })).optional(),
  }),
});

/** The manifest's structure; each generator entry is checked by the generator it names. */
export const applicationSetSchema = z.looseObject({
  apiVersion: z.literal('argoproj.io/v1alpha1'),
  kind: z.literal('ApplicationSet'),
  metadata: z.looseObject({ name: dnsSubdomain, namespace: z.string().optional() }),
  spec: z.looseObject({
    goTemplate: z.boolean().optional(),
    goTemplateOptions: z.array(goTemplateOption).optional(),
    generators: z.array(z.unknown()).min(1, { message: 'at least one generator is required' }),
    template: templateSchema,
    templatePatch: z.string().optional(),
    ignoreApplicationDifferences: z
      .array(
        z.looseObject({
          name: z.string().optional(),
          jsonPointers: z.array(jsonPointer).optional(),
          jqPathExpressions: z.array(z.string()).max(0, { message: 'jqPathExpressions are not supported; use jsonPointers' }).optional(),
        }),
      )
      .optional(),
    preservedFields: z.looseObject({ annotations: z.array(z.string()).optional(), labels: z.array(z.string()).optional() }).optional(),
    syncPolicy: z
      .looseObject({ applicationsSync: z.enum(SYNC_POLICIES).optional(), preserveResourcesOnDeletion: z.boolean().optional() })
      .optional(),
  }),
});

export interface ValidationFailure {
  ok: false;
  code: ExpansionErrorCode;
  message: string;
  issues: FieldIssue[];
}

export type ManifestValidation = { ok: true; appSet: ApplicationSet } | ValidationFailure;

/** A whole-set failure whose message lists every issue with its path. */
export function validationFailure(code: ExpansionErrorCode, issues: FieldIssue[]): ValidationFailure {
  const summary = issues.map((issue) => (issue.path === '' ? issue.message : `${issue.path}: ${issue.message}`)).join('; ');
  return { ok: false, code, message: summary, issues };
}

export function validateApplicationSet(input: unknown, registry: GeneratorRegistry): ManifestValidation {
  // First: no later message may quote a value that holds a password.
  const credentialIssues = repoUrlsWithPasswords((input as { spec?: unknown } | null)?.spec, 'spec');
  if (credentialIssues.length > 0) return validationFailure('CredentialInRepoURL', credentialIssues);
  const parsed = applicationSetSchema.safeParse(input);
  if (!parsed.success) {
    return validationFailure(
      'InvalidManifest',
      parsed.error.issues.map((issue) => ({ path: formatIssuePath(issue.path), message: issue.message })),
    );
  }
  const entryIssues = parsed.data.spec.generators.flatMap((entry, index) =>
    registry.validateEntry(entry, `spec.generators[${index}]`, 0),
  );
  const unsupported = entryIssues.filter((issue) => issue.unsupported === true);
  if (unsupported.length > 0) return validationFailure('UnsupportedGenerator', unsupported.map(({ path, message }) => ({ path, message })));
  if (entryIssues.length > 0) return validationFailure('InvalidManifest', entryIssues.map(({ path, message }) => ({ path, message })));
  // Argo CD reports these as an InvalidRolloutConfig condition; here the set is refused before it is stored.
  const rolloutIssues = strategyIssues(parsed.data.spec.strategy, 'spec.strategy');
  if (rolloutIssues.length > 0) return validationFailure('InvalidRolloutConfig', rolloutIssues);
  return { ok: true, appSet: input as ApplicationSet };
}
