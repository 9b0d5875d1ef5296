import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'flotilla:public';

/**
 * A route that needs no token or session: health, metrics, the dashboard's static files, the sign-in flow, and Git
 * webhooks (they sign their payloads). Every other route is protected — the guard decides by this mark, never by
 * the path, so no spelling of a path (letter case, a prefix) can walk around it.
 */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);
