import type { RolloutAction, RolloutState } from '../domain/rollout';

export const ROLLOUT_CONTROLS = ['pause', 'resume', 'abort', 'approve'] as const;
export type RolloutControl = (typeof ROLLOUT_CONTROLS)[number];

interface Transition {
  from: readonly RolloutState[];
  to: RolloutState;
  action: RolloutAction;
}

/**
 * What an operator may do to a rollout, and from which states. Pause stops new syncs (those under way finish);
 * abort is final and undoes nothing; approve lets a step that waits for approval start. Halted, Completed,
 * Aborted and Superseded rollouts take no control: a newer change supersedes a halted one.
 */
const TRANSITIONS: Record<RolloutControl, Transition> = {
  pause: { from: ['Progressing', 'WaitingForApproval'], to: 'Paused', action: 'Paused' },
  resume: { from: ['Paused'], to: 'Progressing', action: 'Resumed' },
  abort: { from: ['Progressing', 'Paused', 'WaitingForApproval'], to: 'Aborted', action: 'Aborted' },
  approve: { from: ['WaitingForApproval'], to: 'Progressing', action: 'Approved' },
};

export type ControlDecision = { allowed: true; to: RolloutState; action: RolloutAction } | { allowed: false; message: string };

export function controlTransition(state: RolloutState, control: RolloutControl): ControlDecision {
  const transition = TRANSITIONS[control];
  if (transition.from.includes(state)) return { allowed: true, to: transition.to, action: transition.action };
  return { allowed: false, message: `The rollout is ${state}; ${control} needs it ${transition.from.join(' or ')}` };
}

/** Whether a rollout in this state can still change (a control, or the driver moving it on). */
export function isActive(state: RolloutState): boolean {
  return state === 'Progressing' || state === 'Paused' || state === 'WaitingForApproval';
}
