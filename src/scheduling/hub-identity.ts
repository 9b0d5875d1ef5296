import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Injectable } from '@nestjs/common';

/** This hub replica's name in leases: unique per process, readable in `GET /shards`-style views. */
@Injectable()
export class HubIdentity {
  readonly id = `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
}
