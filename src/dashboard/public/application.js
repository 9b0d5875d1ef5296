// One application: its state, resources, conditions and sync history, with Sync and Refresh for those allowed.
import { api, canI, enc } from './api.js';
import { actionButton, badge, fill, h, short, table, when } from './dom.js';

const HISTORY_SHOWN = 20;

export function applicationView(main, name) {
  const path = `/api/v1/applications/${enc(name)}`;
  const summary = h('div', { class: 'card' });
  const actions = h('div', { class: 'actions' });
  const status = h('p', { role: 'status', class: 'status' });
  const resources = h('div');
  const conditions = h('div');
  const history = h('div');
  const error = h('p', { role: 'alert', class: 'error' });
  main.replaceChildren(h('p', {}, h('a', { href: '#/' }, '← Fleet')), h('h1', {}, name), error, summary, actions, status, resources, conditions, history);
  let actionsFor;

  async function showActions(project) {
    if (actionsFor === project) return;
    actionsFor = project;
    const allowed = await canI('applications', 'sync', `${project}/${name}`);
    fill(actions, allowed
      ? [actionButton('Sync', () => api(`${path}/sync`, { method: 'POST', body: {} }).then(refresh), status, `Sync ${name}`),
        actionButton('Refresh', () => api(`${path}/refresh`, { method: 'POST' }).then(refresh), status, `Refresh ${name}`)]
      : h('p', { class: 'muted' }, 'You may view this application but not sync it.'));
  }

  async function refresh() {
    const [app, runs] = await Promise.all([api(path), api(`${path}/history?limit=${HISTORY_SHOWN}`)]);
    const s = app.status;
    fill(summary, h('dl', { class: 'facts' },
      h('dt', {}, 'Sync'), h('dd', {}, badge(s.sync.status), ' ', h('code', {}, short(s.sync.revision))),
      h('dt', {}, 'Health'), h('dd', {}, badge(s.health.status), s.health.message ? ` ${s.health.message}` : ''),
      h('dt', {}, 'Project'), h('dd', {}, app.spec.project),
      h('dt', {}, 'Cluster'), h('dd', {}, s.cluster),
      h('dt', {}, 'ApplicationSet'), h('dd', {}, s.applicationSet ?? '—'),
      h('dt', {}, 'Source'), h('dd', {}, sourceOf(app.spec)),
      h('dt', {}, 'Reconciled'), h('dd', {}, when(s.reconciledAt))));
    await showActions(app.spec.project);
    fill(resources, table('Resources', ['Kind', 'Namespace', 'Name', 'Sync', 'Health'], (s.resources ?? []).map((r) =>
      h('tr', {}, h('td', {}, r.group ? `${r.kind}.${r.group}` : r.kind), h('td', {}, r.namespace || '—'), h('td', {}, r.name), h('td', {}, badge(r.status)), h('td', {}, badge(r.health?.status), r.health?.message ? ` ${r.health.message}` : '')))));
    fill(conditions, table('Conditions', ['Type', 'Message', 'Since'], (s.conditions ?? []).map((c) =>
      h('tr', {}, h('td', {}, c.type), h('td', {}, c.message), h('td', {}, when(c.lastTransitionTime))))));
    fill(history, table('Sync history', ['Started', 'Trigger', 'Revision', 'Phase', 'Message', 'Resources'], runs.items.map(runRow)));
  }

  return { error, refresh };
}

function sourceOf(spec) {
  const source = spec.source ?? spec.sources?.[0];
  return source ? `${source.repoURL} ${source.path ?? source.chart ?? ''} @ ${source.targetRevision ?? 'HEAD'}` : '—';
}

function runRow(run) {
  const results = run.resources ?? [];
  return h('tr', { class: 'run' },
    h('td', {}, when(run.startedAt)),
    h('td', {}, run.trigger, run.triggeredBy ? ` (${run.triggeredBy})` : ''),
    h('td', {}, h('code', {}, short(run.revision))),
    h('td', {}, badge(run.phase)),
    h('td', {}, run.message ?? ''),
    h('td', {}, results.length
      ? h('details', {}, h('summary', {}, `${results.length} resources`),
        h('ul', {}, results.map((r) => h('li', {}, `${r.kind} ${r.namespace ? `${r.namespace}/` : ''}${r.name}: ${r.action}${r.message ? ` — ${r.message}` : ''}`))))
      : '—'));
}
