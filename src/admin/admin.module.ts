import { Module } from '@nestjs/common';
import { AdminController } from './admin.controller';
import { CredentialRotationService } from './credential-rotation.service';

@Module({
  controllers: [AdminController],
  providers: [CredentialRotationService],
})
export class AdminModule {}
