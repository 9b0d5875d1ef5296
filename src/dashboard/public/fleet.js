// The fleet grid: one row per ApplicationSet (or standalone application), one column per cluster; each cell is the
// application of that row on that cluster, with its sync and health state and short revision.
import { enc, listAll } from './api.js';
import { badge, fill, h, short } from './dom.js';

/** `env=production,tier` → cluster labels must match every term (a bare key: the label is present). */
export function labelMatcher(text) {
  const terms = text.split(',').map((term) => term.trim()).filter(Boolean).map((term) => term.split('=').map((part) => part.trim()));
  return (labels) => terms.every(([key, value]) => (value === undefined ? key in labels : labels[key] === value));
}

export function fleetView(main) {
  const filters = { set: '', project: '', labels: '' };
  const setSelect = h('select', { id: 'filter-set', onchange: () => { filters.set = setSelect.value; draw(); } });
  const projectSelect = h('select', { id: 'filter-project', onchange: () => { filters.project = projectSelect.value; draw(); } });
  const labelInput = h('input', { id: 'filter-labels', placeholder: 'env=production', oninput: () => { filters.labels = labelInput.value; draw(); } });
  const grid = h('div', { class: 'grid-wrap' });
  const error = h('p', { role: 'alert', class: 'error' });
  main.replaceChildren(
    h('h1', {}, 'Fleet'),
    h('div', { class: 'filters' },
      h('label', { for: 'filter-set' }, 'ApplicationSet'), setSelect,
      h('label', { for: 'filter-project' }, 'Project'), projectSelect,
      h('label', { for: 'filter-labels' }, 'Cluster labels'), labelInput),
    error, grid);
  let data = { applications: [], clusters: [] };

  function options(select, values, current) {
    fill(select, h('option', { value: '' }, 'All'), [...new Set(values)].sort().map((value) => h('option', { value, selected: value === current }, value)));
  }

  function draw() {
    const matches = labelMatcher(filters.labels);
    const clusters = data.clusters.filter((cluster) => matches(cluster.labels ?? {}));
    const names = new Set(clusters.map((cluster) => cluster.name));
    const apps = data.applications.filter((app) => (!filters.set || app.status.applicationSet === filters.set) && (!filters.project || app.spec.project === filters.project) && names.has(app.status.cluster));
    const rows = new Map();
    for (const app of apps) {
      const row = app.status.applicationSet ?? app.metadata.name;
      if (!rows.has(row)) rows.set(row, new Map());
      rows.get(row).set(app.status.cluster, app);
    }
    const shown = clusters.filter((cluster) => [...rows.values()].some((cells) => cells.has(cluster.name)));
    if (!rows.size) return fill(grid, h('p', {}, 'No applications match.'));
    fill(grid, h('table', { class: 'fleet' },
      h('caption', {}, 'Applications by cluster'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Application / set'), shown.map((cluster) => h('th', { scope: 'col' }, cluster.name)))),
      h('tbody', {}, [...rows.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([row, cells]) =>
        h('tr', {}, h('th', { scope: 'row' }, row), shown.map((cluster) => cell(cells.get(cluster.name))))))));
  }

  function cell(app) {
    if (!app) return h('td', { class: 'none' }, '');
    const { sync, health } = app.status;
    return h('td', { class: 'cell' },
      h('a', { href: `#/applications/${enc(app.metadata.name)}`, 'aria-label': `${app.metadata.name}: ${sync.status}, ${health.status}` }, app.metadata.name),
      h('div', {}, badge(sync.status), ' ', badge(health.status)),
      h('code', {}, short(sync.revision)));
  }

  return {
    error,
    async refresh() {
      const [applications, clusters] = await Promise.all([listAll('/api/v1/applications?limit=500'), listAll('/api/v1/clusters?limit=500')]);
      data = { applications, clusters };
      options(setSelect, applications.map((app) => app.status.applicationSet).filter(Boolean), filters.set);
      options(projectSelect, applications.map((app) => app.spec.project), filters.project);
      draw();
    },
  };
}
