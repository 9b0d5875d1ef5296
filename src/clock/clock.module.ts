import { type DynamicModule, Global, Module } from '@nestjs/common';
import { Clock } from './clock';
import { SystemClock } from './system-clock';

@Global()
@Module({})
export class ClockModule {
  /** The system clock, or the given one (tests run a hub on a `FakeClock`). */
  static register(clock?: Clock): DynamicModule {
    return { module: ClockModule, providers: [clock ? { provide: Clock, useValue: clock } : { provide: Clock, useClass: SystemClock }], exports: [Clock] };
  }
}
