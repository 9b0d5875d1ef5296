// ApplicationSets with their generated applications, and a preview of what applying each one now would do.
import { api, canI, listAll } from './api.js';
import { actionButton, fill, h, table } from './dom.js';

export function setsView(main) {
  const body = h('div');
  const preview = h('section', { 'aria-label': 'Preview' });
  const status = h('p', { role: 'status', class: 'status' });
  const error = h('p', { role: 'alert', class: 'error' });
  main.replaceChildren(h('h1', {}, 'ApplicationSets'), error, body, status, preview);

  async function showPreview(set) {
    const manifest = { apiVersion: set.apiVersion, kind: set.kind, metadata: { name: set.metadata.name, namespace: set.metadata.namespace }, spec: set.spec };
    const answer = await api('/api/v1/applicationsets/preview', { method: 'POST', body: manifest });
    const counts = Object.entries(answer.summary).map(([action, count]) => `${action}: ${count}`).join(', ');
    fill(preview, h('h2', {}, `Preview of ${set.metadata.name}`), h('p', {}, counts),
      table('Generated applications', ['Application', 'Action', 'Changes / reason'], answer.applications.map((app) =>
        h('tr', {}, h('td', {}, app.name), h('td', {}, app.action), h('td', {}, app.reason ?? (app.changes ?? []).map((c) => c.path).join(', '))))),
      answer.conditions.length ? h('ul', {}, answer.conditions.map((c) => h('li', {}, `${c.type} (${c.status}): ${c.message}`))) : null);
  }

  return {
    error,
    async refresh() {
      const sets = await listAll('/api/v1/applicationsets?limit=1000');
      const rows = await Promise.all(sets.map(async (set) => {
        const project = set.spec?.template?.spec?.project ?? 'default';
        const mayPreview = await canI('applicationsets', 'create', `${project}/${set.metadata.name}`);
        const generated = set.status?.resources?.length ?? set.status?.desired ?? '—';
        const conditions = (set.status?.conditions ?? []).filter((c) => c.status === 'True').map((c) => c.type).join(', ');
        return h('tr', {},
          h('th', { scope: 'row' }, set.metadata.name),
          h('td', {}, project),
          h('td', {}, String(generated)),
          h('td', {}, conditions || '—'),
          h('td', {}, mayPreview ? actionButton('Preview', () => showPreview(set), status, `Preview ${set.metadata.name}`) : '—'));
      }));
      fill(body, table('ApplicationSets', ['Name', 'Project', 'Applications', 'Conditions', ''], rows));
    },
  };
}
