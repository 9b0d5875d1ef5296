// Clusters with their connection state, server version and labels.
import { listAll } from './api.js';
import { badge, fill, h, table, when } from './dom.js';

export function clustersView(main) {
  const body = h('div');
  const error = h('p', { role: 'alert', class: 'error' });
  main.replaceChildren(h('h1', {}, 'Clusters'), error, body);
  return {
    error,
    async refresh() {
      const clusters = await listAll('/api/v1/clusters?limit=1000');
      fill(body, table('Clusters', ['Name', 'Server', 'Connection', 'Version', 'Labels', 'Checked', 'Message'], clusters.map((c) =>
        h('tr', {},
          h('th', { scope: 'row' }, c.name),
          h('td', {}, h('code', {}, c.server)),
          h('td', {}, badge(c.status.connectionState)),
          h('td', {}, c.status.serverVersion ?? '—'),
          h('td', {}, Object.entries(c.labels ?? {}).map(([key, value]) => h('span', { class: 'label' }, `${key}=${value}`))),
          h('td', {}, when(c.status.lastCheckedAt)),
          h('td', {}, c.status.message ?? '')))));
    },
  };
}
