/**
 * Steps a function spends beyond the one its call costs. A walked node is cheap, but a few functions do far more in
 * one call (generating a key, signing a certificate); they charge the running execution for it, so that
 * `{{ range until 100000 }}{{ genCA "x" 1 }}{{ end }}` stops at the step limit, or at an expansion's shared budget,
 * with the engine's usual error instead of holding the hub for hours.
 *
 * Execution is synchronous, so the execution a function runs in is a module-level slot: executeTemplate fills it for
 * its duration (and restores the previous one, should an execution ever start inside another). A function called
 * outside any execution (a unit test calling it directly) is charged nothing.
 */

export interface StepMeter {
  /** Spends `steps`; past the execution's limit or the shared budget it throws StepLimitError. */
  spend(steps: number): void;
}

/** A limit passed inside a function: the engine reports it at the call, with its usual text and no "error calling". */
export class StepLimitError extends Error {
  override name = 'StepLimitError';
}

let current: StepMeter | undefined;

/** Charges the running execution, before the work is done (so the limit stops it from being done at all). */
export function chargeSteps(steps: number): void {
  current?.spend(steps);
}

/** Runs `run` with `meter` as the execution functions charge. */
export function withStepMeter<T>(meter: StepMeter, run: () => T): T {
  const previous = current;
  current = meter;
  try {
    return run();
  } finally {
    current = previous;
  }
}
