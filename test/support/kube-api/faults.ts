/** Faults one instance injects into every request (discovery included). */
export interface FaultSettings {
  /** Added delay before each answer, in milliseconds. */
  latencyMs: number;
  /** Share (0..1) of requests answered 500 InternalError. */
  errorRate: number;
  /** Share (0..1) of requests answered 429 TooManyRequests with Retry-After. */
  throttleRate: number;
  /** Retry-After seconds sent with 429s. */
  retryAfterSeconds: number;
  /** When true, requests are accepted and never answered (until stop or going offline). */
  hang: boolean;
  /**
   * The next this many requests have their connection reset before any answer (one fewer each time), as when the
   * server closes an idle keep-alive connection just as the client sends on it. The request is counted, not acted on.
   */
  resetRequests: number;
}

export interface FaultControls {
  /** Merges the given settings into the current ones. */
  set(faults: Partial<FaultSettings>): void;
  /** Back to no faults (does not bring an offline instance back online). */
  clear(): void;
  current(): FaultSettings;
  /** Closes the listener and drops open connections: new connections are refused. */
  goOffline(): Promise<void>;
  /** Listens again on the same port. */
  goOnline(): Promise<void>;
  readonly offline: boolean;
}

export const NO_FAULTS: FaultSettings = { latencyMs: 0, errorRate: 0, throttleRate: 0, retryAfterSeconds: 1, hang: false, resetRequests: 0 };

export type FaultDecision = { kind: 'none' } | { kind: 'hang' } | { kind: 'reset' } | { kind: 'error' } | { kind: 'throttle'; retryAfterSeconds: number };

/** Picks the fault for one request; `random` is injectable so tests can be exact. */
export function decideFault(settings: FaultSettings, random: () => number = Math.random): FaultDecision {
  if (settings.hang) return { kind: 'hang' };
  if (settings.resetRequests > 0) return { kind: 'reset' };
  if (settings.errorRate > 0 && random() < settings.errorRate) return { kind: 'error' };
  if (settings.throttleRate > 0 && random() < settings.throttleRate) return { kind: 'throttle', retryAfterSeconds: settings.retryAfterSeconds };
  return { kind: 'none' };
}
