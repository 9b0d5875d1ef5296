import { type DynamicModule, Module } from '@nestjs/common';
import os from 'node:os';
import path from 'node:path';
import { GitMirrors, type GitMirrorsOptions } from './git-mirrors';

const DEFAULT_OPTIONS: GitMirrorsOptions = { rootDir: path.join(os.tmpdir(), 'flotilla-git-mirrors') };

/**
 * Provides one shared GitMirrors. The default keeps mirrors in the OS temp dir and refuses local
 * repositories; the application passes its configured root (and `allowLocal` for tests) via `forRoot`.
 */
@Module({
  providers: [{ provide: GitMirrors, useFactory: () => new GitMirrors(DEFAULT_OPTIONS) }],
  exports: [GitMirrors],
})
export class GitModule {
  static forRoot(options: GitMirrorsOptions): DynamicModule {
    return {
      module: GitModule,
      providers: [{ provide: GitMirrors, useFactory: () => new GitMirrors(options) }],
      exports: [GitMirrors],
    };
  }
}
