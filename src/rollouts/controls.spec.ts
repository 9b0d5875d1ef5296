import { describe, expect, it } from 'vitest';
import { ROLLOUT_STATES } from '../domain/rollout';
import { controlTransition, ROLLOUT_CONTROLS } from './controls';

const ALLOWED: Record<string, string> = {
  'pause Progressing': 'Paused',
  'pause WaitingForApproval': 'Paused',
  'resume Paused': 'Progressing',
  'abort Progressing': 'Aborted',
  'abort Paused': 'Aborted',
  'abort WaitingForApproval': 'Aborted',
  'approve WaitingForApproval': 'Progressing',
};

describe('controlTransition', () => {
  const rows = ROLLOUT_CONTROLS.flatMap((control) => ROLLOUT_STATES.map((state) => ({ control, state, to: ALLOWED[`${control} ${state}`] })));

  it.each(rows.filter((row) => row.to))('$control a $state rollout → $to', ({ control, state, to }) => {
    expect(controlTransition(state, control)).toMatchObject({ allowed: true, to });
  });

  it.each(rows.filter((row) => !row.to))('refuses to $control a $state rollout, naming its state', ({ control, state }) => {
    const decision = controlTransition(state, control);
    expect(decision.allowed).toBe(false);
    expect(!decision.allowed && decision.message).toMatch(new RegExp(`^The rollout is ${state}; ${control} needs it `));
  });
});
