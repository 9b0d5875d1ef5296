import { z } from 'zod';
import { requestComponent, responseComponent, timestamp } from '../common/http/openapi';
import { appProjectManifestSchema } from './rules';
import type { ProjectView } from './projects.service';

/** An Argo CD AppProject as posted: the fields Flotilla reads are typed, every other one is kept as given. */
export const appProjectManifestBody = requestComponent('AppProjectManifest', appProjectManifestSchema);

export const projectSchema = responseComponent(
  'AppProject',
  appProjectManifestSchema.extend({
    metadata: appProjectManifestSchema.shape.metadata.extend({ creationTimestamp: timestamp() }),
  }) satisfies z.ZodType<ProjectView>,
);

export const projectListSchema = responseComponent('AppProjectList', z.object({ items: z.array(projectSchema) }));
