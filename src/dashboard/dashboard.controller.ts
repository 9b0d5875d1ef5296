import { Controller, Get, Param, Res } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Response } from 'express';
import { DomainError } from '../common/errors/domain-error';
import { loadDashboardAssets, type DashboardAsset } from './dashboard-assets';
import { PublicRoute } from '../common/http/public-route.decorator';

/**
 * Serves the browser dashboard: the page at `/`, its scripts and styles under `/dashboard/`. Everything it shows
 * comes from the public REST API; these routes only hand out static files, so they need no sign-in.
 */
@PublicRoute()
@ApiExcludeController()
@Controller()
export class DashboardController {
  private readonly assets = loadDashboardAssets();

  @Get()
  index(@Res() response: Response) {
    this.send(response, this.assets.get('index.html')!);
  }

  @Get('dashboard/:file')
  file(@Param('file') file: string, @Res() response: Response) {
    const asset = file === 'index.html' ? undefined : this.assets.get(file);
    if (!asset) throw new DomainError('NotFound', `No dashboard file ${JSON.stringify(file)}`);
    this.send(response, asset);
  }

  private send(response: Response, asset: DashboardAsset) {
    // no-cache: the browser revalidates every time, so a hub upgrade never runs old scripts against a new API.
    response.set({
      'Content-Type': asset.contentType,
      'Cache-Control': 'no-cache',
      'X-Content-Type-Options': 'nosniff',
      // Only the hub's own files and API: names from Git are shown as text, and no injected markup could run script.
      'Content-Security-Policy': "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'",
      'Referrer-Policy': 'no-referrer',
    });
    response.send(asset.body);
  }
}
