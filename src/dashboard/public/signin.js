// Sign-in: single sign-on when the hub has it (GET /auth/config), and an API token field either way.
import { api, token } from './api.js';
import { h } from './dom.js';

export async function signInView(signedIn) {
  const config = await api('/auth/config').catch(() => ({ enabled: false }));
  const status = h('p', { role: 'status', class: 'status' });
  const field = h('input', { id: 'token', type: 'password', autocomplete: 'off', required: true });
  const form = h('form', { class: 'signin', 'aria-label': 'Sign in with a token' },
    h('label', { for: 'token' }, 'API token'), field, h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    token.set(field.value.trim());
    try {
      await api('/api/v1/account');
      signedIn();
    } catch (error) {
      token.clear();
      status.textContent = error.status === 401 ? 'That token was not accepted.' : `Sign-in failed: ${error.message}`;
    }
  });
  const sso = config.enabled
    ? h('p', {}, h('a', { class: 'button', href: `${config.loginPath ?? '/auth/login'}?returnTo=${encodeURIComponent('/')}` }, 'Sign in with SSO'))
    : null;
  return h('section', { class: 'card narrow' }, h('h1', {}, 'Sign in'), sso, sso ? h('p', {}, 'or with an API token:') : null, form, status);
}
