import { createParamDecorator, type ExecutionContext } from '@nestjs/common';
import type { AccessDecider } from '../access/authorizer';
import type { AuthenticatedRequest } from './access.decorators';

/**
 * One caller's decisions for one request, memoised per (resource, action, object): a list of 10,000 rows asks the
 * policy once per distinct object, and not at all when the policy allows every object of the kind.
 */
export class RequestAccess {
  private readonly decisions = new Map<string, boolean>();

  constructor(private readonly decider: AccessDecider) {}

  can(resource: string, action: string, object: string): boolean {
    const key = `${resource}\u0000${action}\u0000${object}`;
    let allowed = this.decisions.get(key);
    if (allowed === undefined) {
      allowed = this.decider.can(resource, action, object);
      this.decisions.set(key, allowed);
    }
    return allowed;
  }

  canEveryObject(resource: string, action: string): boolean {
    const key = `${resource}\u0000${action}\u0000\u0000every`;
    let allowed = this.decisions.get(key);
    if (allowed === undefined) {
      allowed = this.decider.canEveryObject(resource, action);
      this.decisions.set(key, allowed);
    }
    return allowed;
  }

  canEveryObjectIn(resource: string, action: string, project: string): boolean {
    const key = `${resource}\u0000${action}\u0000\u0000in\u0000${project}`;
    let allowed = this.decisions.get(key);
    if (allowed === undefined) {
      allowed = this.decider.canEveryObjectIn(resource, action, project);
      this.decisions.set(key, allowed);
    }
    return allowed;
  }

  /**
   * Whether a row of `resource` may be shown, from its object: undefined when every row may (no per-row checks),
   * so services can skip the filter altogether.
   */
  rowFilter(resource: string, action = 'get'): ((object: string) => boolean) | undefined {
    if (this.canEveryObject(resource, action)) return undefined;
    return (object) => this.can(resource, action, object);
  }
}

/** The caller's decisions for this request, as the auth guard left them (lists filter their rows with it). */
export const CallerAccess = createParamDecorator((_data: unknown, context: ExecutionContext): RequestAccess => {
  const access = context.switchToHttp().getRequest<AuthenticatedRequest>().access;
  if (!access) throw new Error('CallerAccess used on a route without a declared permission');
  return access;
});
