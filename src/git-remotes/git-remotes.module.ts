import { Module } from '@nestjs/common';
import { GitRemotesController } from './git-remotes.controller';
import { GitRemotesService } from './git-remotes.service';

@Module({
  controllers: [GitRemotesController],
  providers: [GitRemotesService],
  exports: [GitRemotesService],
})
export class GitRemotesModule {}
