/**
 * The Nest token of the ScmSource the pullRequest and scmProvider generators read provider APIs through. Provided by
 * the global ScmProvidersModule (src/scm-providers), which depends on the engine's port: this side names only the token.
 */
export const SCM_SOURCE = Symbol('SCM_SOURCE');
