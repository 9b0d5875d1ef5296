import type { RolloutActions, StepRecord, TargetRecord } from './model';

/**
 * When time alone next moves this rollout, after `actions`: the end of a running step's bake (all its applications
 * Healthy), or the progress deadline of an application under way. Undefined when only a status change can.
 */
export function nextDueAt(steps: StepRecord[], targets: TargetRecord[], actions: RolloutActions): number | undefined {
  const stepPatches = new Map(actions.steps.map((change) => [change.index, change.patch]));
  const targetPatches = new Map(actions.targets.map((change) => [change.id, change.patch]));
  const after = steps.map((step) => ({ ...step, ...stepPatches.get(step.index) }));
  let due = Infinity;
  for (const step of after) {
    if (step.state !== 'Progressing') continue;
    if (step.healthySince) due = Math.min(due, step.healthySince.getTime() + step.settings.bakeMs);
    for (const target of targets) {
      if (target.step !== step.index) continue;
      const now = { ...target, ...targetPatches.get(target.id) };
      if ((now.state === 'Pending' || now.state === 'Progressing') && now.eligibleAt) due = Math.min(due, now.eligibleAt.getTime() + step.settings.progressDeadlineMs);
    }
  }
  return Number.isFinite(due) ? due : undefined;
}
