import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { ApiAnswer, ApiErrors } from '../common/http/openapi';
import { reencryptionReportSchema } from './admin.schemas';
import { CredentialRotationService } from './credential-rotation.service';
import { Access, HUB_WIDE } from '../auth/permission.decorator';

@ApiTags('admin')
@ApiBearerAuth()
@Controller('api/v1/admin')
export class AdminController {
  constructor(private readonly rotation: CredentialRotationService) {}

  /** Re-encrypts every stored credential under the active key (the first of FLOTILLA_ENCRYPTION_KEY). */
  @Post('reencrypt-credentials')
  @Access('settings', 'update', HUB_WIDE)
  @HttpCode(200)
  @ApiAnswer(200, reencryptionReportSchema, 'How many credentials were re-sealed, by kind')
  @ApiErrors()
  reencrypt() {
    return this.rotation.reencryptAll();
  }
}
