import { Injectable } from '@nestjs/common';

/** The clock as an adapter, so tests can move time instead of waiting. */
export abstract class Clock {
  abstract now(): Date;
}

@Injectable()
export class SystemClock extends Clock {
  now(): Date {
    return new Date();
  }
}
