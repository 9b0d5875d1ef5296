import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { z } from 'zod';
import { ZodValidationPipe } from '../common/http/zod-validation.pipe';
import { HistoryService } from './history.service';

const historyQuery = z.strictObject({ limit: z.coerce.number().int().min(1).max(500).default(50), cursor: z.string().max(2048).optional() });

@ApiTags('applications')
@ApiBearerAuth()
@Controller('api/v1/applications/:name/history')
export class HistoryController {
  constructor(private readonly history: HistoryService) {}

  /** Every sync attempt of the application, newest first. */
  @Get()
  list(@Param('name') name: string, @Query(new ZodValidationPipe(historyQuery)) query: z.infer<typeof historyQuery>) {
    return this.history.forApplication(name, query.limit, query.cursor);
  }
}
