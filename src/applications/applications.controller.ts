import { Controller, Get, Param, Query, UseInterceptors } from '@nestjs/common';
import { ApiBearerAuth, ApiProduces, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { YamlResponseInterceptor } from '../common/http/yaml-response.interceptor';
import { ApplicationsService } from './applications.service';

const listQuery = z.strictObject({
  applicationSet: z.string().min(1).optional(),
  cluster: z.string().min(1).optional(),
  project: z.string().min(1).optional(),
  selector: z.string().max(4096).optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  cursor: z.string().max(2048).optional(),
});

@ApiTags('applications')
@ApiBearerAuth()
@UseInterceptors(YamlResponseInterceptor)
@ApiProduces('application/json', 'application/yaml')
@Controller('api/v1/applications')
export class ApplicationsController {
  constructor(private readonly applications: ApplicationsService) {}

  @Get()
  list(@Query(new ZodValidationPipe(listQuery)) query: z.infer<typeof listQuery>) {
    return this.applications.list(query);
  }

  @Get(':name')
  get(@Param('name') name: string) {
    return this.applications.get(name);
  }
}
