import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../auth/access.decorators';
import { ApiAnswer, ApiErrors } from '../common/http/openapi';
import { reencryptionReportSchema } from './admin.schemas';
import { CredentialRotationService } from './credential-rotation.service';

@ApiTags('admin')
@ApiBearerAuth()
@AdminOnly()
@Controller('api/v1/admin')
export class AdminController {
  constructor(private readonly rotation: CredentialRotationService) {}

  /** Re-encrypts every stored credential under the active key (the first of FLOTILLA_ENCRYPTION_KEY). */
  @Post('reencrypt-credentials')
  @HttpCode(200)
  @ApiAnswer(200, reencryptionReportSchema, 'How many credentials were re-sealed, by kind')
  @ApiErrors()
  reencrypt() {
    return this.rotation.reencryptAll();
  }
}
