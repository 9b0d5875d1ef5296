import { z } from 'zod';
import { templateOverrideSchema } from './config-schema';

/*
 * The configuration shapes of Argo CD's pullRequest and scmProvider generators (applicationset_types.go), for all
 * six providers: the generator validates them, the provider adapters (src/scm-providers) read them. Fields Argo CD
 * marks required (no omitempty) are required here; optional ones accept null, as an empty YAML key gives.
 */

const secretRefSchema = z.looseObject({ secretName: z.string(), key: z.string() });
const configMapKeyRefSchema = z.looseObject({ configMapName: z.string(), key: z.string() });
const basicAuthSchema = z.looseObject({ username: z.string(), passwordRef: secretRefSchema });
const bearerTokenSchema = z.looseObject({ tokenRef: secretRefSchema });
const labelsSchema = z.array(z.string()).nullish();
const optionalString = z.string().nullish();
const optionalBoolean = z.boolean().nullish();

/** The provider blocks of `pullRequest`, by manifest key. */
export const pullRequestProviderSchemas = {
  github: z.looseObject({ owner: z.string(), repo: z.string(), api: optionalString, tokenRef: secretRefSchema.nullish(), appSecretName: optionalString, labels: labelsSchema }),
  gitlab: z.looseObject({
    project: z.string(),
    api: optionalString,
    tokenRef: secretRefSchema.nullish(),
    labels: labelsSchema,
    pullRequestState: optionalString,
    insecure: optionalBoolean,
    caRef: configMapKeyRefSchema.nullish(),
  }),
  gitea: z.looseObject({ owner: z.string(), repo: z.string(), api: z.string(), tokenRef: secretRefSchema.nullish(), insecure: optionalBoolean, labels: labelsSchema }),
  bitbucketServer: z.looseObject({
    project: z.string(),
    repo: z.string(),
    api: z.string(),
    basicAuth: basicAuthSchema.nullish(),
    bearerToken: bearerTokenSchema.nullish(),
    insecure: optionalBoolean,
    caRef: configMapKeyRefSchema.nullish(),
  }),
  bitbucket: z.looseObject({ owner: z.string(), repo: z.string(), api: optionalString, basicAuth: basicAuthSchema.nullish(), bearerToken: bearerTokenSchema.nullish() }),
  azuredevops: z.looseObject({ organization: z.string(), project: z.string(), repo: z.string(), api: optionalString, tokenRef: secretRefSchema.nullish(), labels: labelsSchema }),
} as const;

/** The provider blocks of `scmProvider`, by manifest key (awsCodeCommit is refused as unsupported). */
export const scmProviderSchemas = {
  github: z.looseObject({
    organization: z.string(),
    api: optionalString,
    tokenRef: secretRefSchema.nullish(),
    appSecretName: optionalString,
    allBranches: optionalBoolean,
    excludeArchivedRepos: optionalBoolean,
  }),
  gitlab: z.looseObject({
    group: z.string(),
    includeSubgroups: optionalBoolean,
    api: optionalString,
    tokenRef: secretRefSchema.nullish(),
    allBranches: optionalBoolean,
    insecure: optionalBoolean,
    includeSharedProjects: optionalBoolean,
    topic: optionalString,
    caRef: configMapKeyRefSchema.nullish(),
    includeArchivedRepos: optionalBoolean,
  }),
  gitea: z.looseObject({ owner: z.string(), api: z.string(), tokenRef: secretRefSchema.nullish(), allBranches: optionalBoolean, insecure: optionalBoolean, excludeArchivedRepos: optionalBoolean }),
  bitbucket: z.looseObject({ owner: z.string(), user: z.string(), appPasswordRef: secretRefSchema, allBranches: optionalBoolean }),
  bitbucketServer: z.looseObject({
    project: z.string(),
    api: z.string(),
    basicAuth: basicAuthSchema.nullish(),
    allBranches: optionalBoolean,
    bearerToken: bearerTokenSchema.nullish(),
    insecure: optionalBoolean,
    caRef: configMapKeyRefSchema.nullish(),
  }),
  azureDevOps: z.looseObject({ organization: z.string(), api: optionalString, teamProject: z.string(), accessTokenRef: secretRefSchema, allBranches: optionalBoolean }),
} as const;

const commonFields = {
  // Argo CD requeues the set after this many seconds (30 minutes by default); here it shortens the re-poll interval.
  requeueAfterSeconds: z.int().min(0).nullish(),
  template: templateOverrideSchema.nullish(),
  values: z.record(z.string(), z.string()).nullish(),
};

const pullRequestFilterSchema = z.looseObject({ branchMatch: optionalString, targetBranchMatch: optionalString, titleMatch: optionalString });

export const pullRequestSchema = z.looseObject({
  ...Object.fromEntries(Object.entries(pullRequestProviderSchemas).map(([key, schema]) => [key, schema.nullish()])),
  filters: z.array(pullRequestFilterSchema).nullish(),
  continueOnRepoNotFoundError: optionalBoolean,
  ...commonFields,
});

const scmProviderFilterSchema = z.looseObject({
  repositoryMatch: optionalString,
  pathsExist: z.array(z.string()).nullish(),
  pathsDoNotExist: z.array(z.string()).nullish(),
  labelMatch: optionalString,
  branchMatch: optionalString,
});

export const scmProviderSchema = z.looseObject({
  ...Object.fromEntries(Object.entries(scmProviderSchemas).map(([key, schema]) => [key, schema.nullish()])),
  awsCodeCommit: z.record(z.string(), z.unknown()).nullish(),
  filters: z.array(scmProviderFilterSchema).nullish(),
  cloneProtocol: optionalString,
  ...commonFields,
});

export type PullRequestFilter = z.infer<typeof pullRequestFilterSchema>;
export type ScmProviderFilter = z.infer<typeof scmProviderFilterSchema>;

/** The provider keys a generator's configuration sets (not null). */
export function providerKeysOf(config: Record<string, unknown>, keys: readonly string[]): string[] {
  return keys.filter((key) => config[key] !== undefined && config[key] !== null);
}
