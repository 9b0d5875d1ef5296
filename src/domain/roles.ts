export const ROLES = ['admin', 'operator', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

/** The caller behind a request, attached by the auth guard. */
export interface Principal {
  tokenName: string;
  role: Role;
}
