// Builds DOM nodes; text always goes in as text (names come from Git and clusters, never trusted as markup).
export function h(tag, props = {}, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (value === undefined || value === null || value === false) continue;
    if (key.startsWith('on')) node.addEventListener(key.slice(2), value);
    else if (key === 'class') node.className = value;
    else node.setAttribute(key, value === true ? '' : String(value));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

/** A state badge: the class picks the colour, the text says it (colour is never the only signal). */
export function badge(state) {
  const text = state ?? 'Unknown';
  return h('span', { class: `badge s-${String(text).toLowerCase()}` }, text);
}

export const short = (revision) => (revision ? String(revision).slice(0, 7) : '—');

export function table(caption, headers, rows) {
  return h('table', {},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, headers.map((name) => h('th', { scope: 'col' }, name)))),
    h('tbody', {}, rows.length ? rows : h('tr', {}, h('td', { colspan: headers.length, class: 'empty' }, 'None'))));
}

export const when = (iso) => (iso ? new Date(iso).toLocaleString() : '—');

/** Replaces a container's content (polling redraws the data part of a view, never its controls). */
export function fill(container, ...children) {
  container.replaceChildren(...children.flat().filter((child) => child !== null && child !== undefined && child !== false));
}

/** A button that runs an action, shows its outcome in `status`, and is disabled while it runs. */
export function actionButton(label, run, status, accessibleName = label) {
  const button = h('button', { type: 'button', 'aria-label': accessibleName }, label);
  button.addEventListener('click', async () => {
    button.disabled = true;
    try {
      await run();
      status.textContent = `${label}: done`;
    } catch (error) {
      status.textContent = `${label} failed: ${error.message}`;
    } finally {
      button.disabled = false;
    }
  });
  return button;
}
