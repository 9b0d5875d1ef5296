import { SetMetadata } from '@nestjs/common';

export const PUBLIC_ROUTE = 'flotilla:public';

/** A route under /api/v1 that authenticates itself another way (Git webhooks sign their payloads). */
export const PublicRoute = () => SetMetadata(PUBLIC_ROUTE, true);
