import * as fs from 'node:fs';
import * as path from 'node:path';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG, type AppConfig } from '../config/app-config';
import { generateToken } from './token-secrets';
import { TokensService } from './tokens.service';

/**
 * First start: creates the `admin` token from FLOTILLA_ADMIN_TOKEN, or generates one and writes it to
 * <dataDir>/admin-token (0600). Only the path is logged, never the token.
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Auth');

  constructor(
    private readonly tokens: TokensService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    if (await this.tokens.hasAnyToken()) return;
    const given = this.config.auth.bootstrapAdminToken;
    const token = given ?? generateToken();
    // Another replica may win the race; then its token stands and ours is discarded.
    if (!(await this.tokens.insertKnownToken('admin', 'admin', token))) return;
    if (given) {
      this.logger.log('Created the admin token from FLOTILLA_ADMIN_TOKEN');
      return;
    }
    const file = path.join(this.config.dataDir, 'admin-token');
    fs.mkdirSync(this.config.dataDir, { recursive: true, mode: 0o700 });
    fs.writeFileSync(file, `${token}\n`, { mode: 0o600 });
    fs.chmodSync(file, 0o600);
    this.logger.log(`Generated the admin token; it is in ${file}`);
  }
}
