export interface CapturedStdout {
  /** Everything written since the capture started. */
  text(): string;
  /** Puts the original `process.stdout.write` back. */
  restore(): void;
}

/**
 * Captures (and silences) this process's stdout, where a test hub's JSON logs go: pino writes through
 * `process.stdout` when its `write` has been replaced before the hub starts, so start hubs after this.
 */
export function captureStdout(): CapturedStdout {
  const original = process.stdout.write;
  const chunks: string[] = [];
  const capture = (chunk: string | Uint8Array, ...rest: unknown[]): boolean => {
    chunks.push(typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8'));
    const callback = rest.find((arg): arg is () => void => typeof arg === 'function');
    callback?.();
    return true;
  };
  process.stdout.write = capture as typeof process.stdout.write;
  return {
    text: () => chunks.join(''),
    restore: () => {
      process.stdout.write = original;
    },
  };
}
