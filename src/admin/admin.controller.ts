import { Controller, HttpCode, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { AdminOnly } from '../auth/access.decorators';
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
  reencrypt() {
    return this.rotation.reencryptAll();
  }
}
