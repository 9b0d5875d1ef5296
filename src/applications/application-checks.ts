import { Injectable } from '@nestjs/common';
import { checkApplication, repoUrlsWithPasswords } from '../applicationsets/engine';
import { destinationResolver, ExpansionContextService } from '../applicationsets/expansion-context.service';
import { fingerprintOf } from '../applicationsets/fingerprint';
import { DomainError } from '../common/errors/domain-error';
import { parseWith } from '../common/http/zod-validation.pipe';
import { type AppProject, effectiveProject } from '../domain/app-project';
import type { Application } from '../domain/application';
import type { ApplicationChange } from '../repositories/application.repository';
import { applicationManifestBody } from './application.schemas';

/**
 * The rules every Application written outside a set is held to — by hand through the API, or adopted from an app of
 * apps: its structure, no password in a repoURL, and the engine's own checks against the hub's projects and clusters.
 * Failures are DomainErrors naming the field.
 */
@Injectable()
export class ApplicationChecks {
  constructor(private readonly contexts: ExpansionContextService) {}

  /**
   * The row fields of a valid application. `pendingProjects` are projects about to be written with it (an app of
   * apps' AppProject in the same commit), checked against as if they existed.
   */
  async checked(body: unknown, pendingProjects: ReadonlyMap<string, AppProject> = new Map()): Promise<ApplicationChange> {
    const app = parsed(body);
    const loaded = await this.contexts.load();
    const context = pendingProjects.size === 0 ? loaded : { ...loaded, projects: new Map([...(loaded.projects ?? []), ...pendingProjects]) };
    const problem = checkApplication(app, context);
    if (problem) {
      const code = problem.against === 'manifest' ? 'ValidationFailed' : 'Unprocessable';
      throw new DomainError(code, `Invalid Application: ${problem.message}`, [{ field: problem.path, reason: problem.message }]);
    }
    return {
      cluster: destinationResolver(context)(app.spec.destination),
      project: effectiveProject(app.spec.project),
      labels: app.metadata.labels ?? {},
      manifest: app,
      fingerprint: fingerprintOf(app),
    };
  }
}

/**
 * The manifest as given, unknown fields included, once its structure is valid. Passwords are looked for first, so
 * no later message can quote one; a repoURL that embeds one is refused as for sets (never stored, never shown).
 */
function parsed(body: unknown): Application {
  const leaks = repoUrlsWithPasswords(body, '');
  if (leaks.length > 0) {
    throw new DomainError('Unprocessable', `CredentialInRepoURL: ${leaks.map((issue) => `${issue.path}: ${issue.message}`).join('; ')}`, leaks.map((issue) => ({ field: issue.path, reason: issue.message })));
  }
  parseWith(applicationManifestBody, body);
  return body as Application;
}
