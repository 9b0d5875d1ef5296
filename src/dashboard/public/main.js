// The router: signs in first, then shows the view the URL's hash names and redraws its data every few seconds.
import { api, forgetDecisions, token } from './api.js';
import { h } from './dom.js';
import { applicationView } from './application.js';
import { clustersView } from './clusters.js';
import { fleetView } from './fleet.js';
import { rolloutsView } from './rollouts.js';
import { setsView } from './sets.js';
import { signInView } from './signin.js';

const POLL_MS = 5_000;
const routes = [
  [/^#?\/?$/, fleetView],
  [/^#\/applications\/([^/]+)$/, applicationView],
  [/^#\/sets$/, setsView],
  [/^#\/clusters$/, clustersView],
  [/^#\/rollouts$/, rolloutsView],
];

const main = document.getElementById('main');
let timer;

async function signedInAccount() {
  try {
    return await api('/api/v1/account');
  } catch (error) {
    if (error.status === 401) return null;
    throw error;
  }
}

async function show() {
  clearInterval(timer);
  const account = await signedInAccount();
  const nav = document.getElementById('nav');
  const who = document.getElementById('who');
  if (!account) {
    nav.hidden = true;
    who.replaceChildren();
    main.replaceChildren(await signInView(() => show()));
    return;
  }
  nav.hidden = false;
  who.replaceChildren(`Signed in as ${account.name} `, h('button', { type: 'button', onclick: signOut }, 'Sign out'));
  for (const link of nav.querySelectorAll('a')) link.toggleAttribute('aria-current', link.getAttribute('href') === (location.hash || '#/'));
  const route = routes.find(([pattern]) => pattern.test(location.hash));
  if (!route) {
    main.replaceChildren(h('p', {}, 'No such page. ', h('a', { href: '#/' }, 'Back to the fleet')));
    return;
  }
  const params = location.hash.match(route[0]).slice(1).map(decodeURIComponent);
  const view = route[1](main, ...params);
  const refresh = async () => {
    try {
      await view.refresh();
      view.error?.replaceChildren();
    } catch (error) {
      if (error.status === 401) return show();
      view.error?.replaceChildren(`Could not load: ${error.message}`);
    }
  };
  await refresh();
  timer = setInterval(refresh, POLL_MS);
}

async function signOut() {
  if (token.get()) token.clear();
  else await api('/auth/logout', { method: 'POST' }).catch(() => undefined);
  forgetDecisions();
  await show();
}

window.addEventListener('hashchange', () => void show());
void show();
