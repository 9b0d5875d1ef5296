// Rollouts: each with its step progress, why it is blocked or halted, and pause/resume/abort/approve for those allowed.
import { api, canI, enc, listAll } from './api.js';
import { actionButton, badge, fill, h, short, when } from './dom.js';

const SHOWN = 20;
/** Which controls a rollout in each state accepts (src/rollouts/controls.ts). */
const CONTROLS = {
  pause: ['Progressing', 'WaitingForApproval'],
  resume: ['Paused'],
  abort: ['Progressing', 'Paused', 'WaitingForApproval'],
  approve: ['WaitingForApproval'],
};

export function rolloutsView(main) {
  const body = h('div');
  const status = h('p', { role: 'status', class: 'status' });
  const error = h('p', { role: 'alert', class: 'error' });
  main.replaceChildren(h('h1', {}, 'Rollouts'), error, status, body);

  async function projectsOfSets() {
    const sets = await listAll('/api/v1/applicationsets?limit=1000');
    return new Map(sets.map((set) => [set.metadata.name, set.spec?.template?.spec?.project ?? 'default']));
  }

  async function card(summary, projects) {
    const rollout = await api(`/api/v1/rollouts/${enc(summary.id)}`);
    const object = `${projects.get(rollout.applicationSet) ?? 'default'}/${rollout.applicationSet}`;
    const buttons = [];
    for (const [action, states] of Object.entries(CONTROLS)) {
      if (!states.includes(rollout.state) || !(await canI('rollouts', action, object))) continue;
      const label = action[0].toUpperCase() + action.slice(1);
      buttons.push(actionButton(label, () => api(`/api/v1/rollouts/${enc(rollout.id)}/${action}`, { method: 'POST' }).then(refresh), status, `${label} rollout of ${rollout.applicationSet}`));
    }
    const done = rollout.steps.filter((step) => step.state === 'Completed').length;
    return h('article', { class: 'card rollout', 'aria-label': `Rollout of ${rollout.applicationSet}` },
      h('h2', {}, `${rollout.applicationSet} `, badge(rollout.state), ' ', h('code', {}, short(rollout.revision))),
      rollout.reason ? h('p', { class: 'reason' }, rollout.reason) : null,
      h('p', { class: 'muted' }, `Started ${when(rollout.createdAt)} · step ${done} of ${rollout.steps.length} done`),
      h('progress', { max: rollout.steps.length || 1, value: done, 'aria-label': `Steps done: ${done} of ${rollout.steps.length}` }),
      h('ol', { class: 'steps' }, rollout.steps.map((step) => h('li', {}, badge(step.state), ` ${step.applications} applications`,
        step.approval ? ' · needs approval' : '', step.approvedBy ? ` · approved by ${step.approvedBy}` : '', step.message ? ` — ${step.message}` : ''))),
      h('details', {}, h('summary', {}, `${rollout.applications.length} applications`),
        h('ul', {}, rollout.applications.map((t) => h('li', {}, `${t.application} (${t.cluster}): `, badge(t.state), t.message ? ` ${t.message}` : '')))),
      buttons.length ? h('div', { class: 'actions' }, buttons) : null);
  }

  async function refresh() {
    const [page, projects] = await Promise.all([api(`/api/v1/rollouts?limit=${SHOWN}`), projectsOfSets()]);
    const cards = await Promise.all(page.items.map((summary) => card(summary, projects)));
    fill(body, cards.length ? cards : h('p', {}, 'No rollouts yet.'));
  }

  return { error, refresh };
}
