import { Module } from '@nestjs/common';
import { DashboardController } from './dashboard.controller';

/** The browser dashboard's static files (see README.md). */
@Module({ controllers: [DashboardController] })
export class DashboardModule {}
