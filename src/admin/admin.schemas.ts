import { z } from 'zod';
import { responseComponent } from '../common/http/openapi';
import type { ReencryptionReport } from './credential-rotation.service';

const counts = z.object({
  reencrypted: z.int().describe('Re-sealed under the active key'),
  alreadyCurrent: z.int().describe('Already sealed under the active key'),
  unreadable: z.int().describe('No configured key opens them: register these credentials again'),
});

export const reencryptionReportSchema = responseComponent(
  'ReencryptionReport',
  counts.extend({ byKind: z.object({ clusters: counts, repositories: counts, generatorPlugins: counts, notificationSubscriptions: counts }) }) satisfies z.ZodType<ReencryptionReport>,
);
