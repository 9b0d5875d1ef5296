import type { RolloutTargetEntity } from '../database/entities/rollout-target.entity';
import type { RolloutEntity } from '../database/entities/rollout.entity';
import type { ApplicationSetApplicationStatus, StatusCondition } from '../domain/application-set';
import type { RolloutState } from '../domain/rollout';
import { shortSha } from './target-judgement';

/** What a RollingSync set's view shows of its latest rollout: Argo CD's per-application status and condition. */
export interface SetRolloutStatus {
  applicationStatus: ApplicationSetApplicationStatus[];
  condition: StatusCondition;
}

const REASONS: Record<RolloutState, { status: 'True' | 'False'; reason: string }> = {
  Progressing: { status: 'True', reason: 'ApplicationSetModified' },
  Paused: { status: 'True', reason: 'RolloutPaused' },
  WaitingForApproval: { status: 'True', reason: 'RolloutWaitingForApproval' },
  Halted: { status: 'False', reason: 'RolloutHalted' },
  Aborted: { status: 'False', reason: 'RolloutAborted' },
  Completed: { status: 'False', reason: 'ApplicationSetRolloutComplete' },
  Superseded: { status: 'True', reason: 'ApplicationSetModified' },
};

export function setRolloutStatus(rollout: RolloutEntity, targets: RolloutTargetEntity[]): SetRolloutStatus {
  const healthy = targets.filter((target) => target.state === 'Healthy').length;
  const stepless = targets.filter((target) => target.step === null).map((target) => target.application);
  const parts = [`Rollout ${rollout.id} is ${rollout.state}: ${healthy} of ${targets.length} application(s) Healthy${rollout.revision ? ` at ${shortSha(rollout.revision)}` : ''}`];
  if (rollout.reason) parts.push(rollout.reason);
  if (stepless.length > 0) parts.push(`${stepless.length} application(s) match no step and wait for a manual sync: ${stepless.join(', ')}`);
  return {
    applicationStatus: targets.map((target) => ({
      application: target.application,
      status: target.state,
      step: String(target.step === null ? 0 : target.step + 1),
      targetRevisions: [target.state === 'RolledBack' && target.previousRevision ? target.previousRevision : target.revision],
      message: target.message ?? defaultMessage(target),
      lastTransitionTime: target.lastTransitionAt.toISOString(),
    })),
    condition: { type: 'RolloutProgressing', ...REASONS[rollout.state], message: parts.join('; '), lastTransitionTime: rollout.updatedAt.toISOString() },
  };
}

function defaultMessage(target: RolloutTargetEntity): string {
  switch (target.state) {
    case 'Waiting':
      return `waits for step ${(target.step ?? 0) + 1}`;
    case 'Pending':
      return 'waits for its sync to start';
    case 'Progressing':
      return `syncing ${shortSha(target.revision)}`;
    case 'Healthy':
      return `Healthy at ${shortSha(target.revision)}`;
    default:
      return target.state;
  }
}
