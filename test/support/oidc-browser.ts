import * as oidc from 'openid-client';

/**
 * A browser, as far as signing in goes: it follows no redirect by itself (the test looks at each), keeps cookies per
 * origin, and sends them back to that origin.
 */
export class TestBrowser {
  private readonly jars = new Map<string, Map<string, string>>();
  /** Every Set-Cookie header received, for checking their attributes. */
  readonly setCookies: string[] = [];

  async get(url: string | URL, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(new URL(url), { method: 'GET', headers });
  }

  async post(url: string | URL, form: Record<string, string>, headers: Record<string, string> = {}): Promise<Response> {
    return this.send(new URL(url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
      body: new URLSearchParams(form).toString(),
    });
  }

  async send(url: URL, init: RequestInit & { headers?: Record<string, string> }): Promise<Response> {
    const cookie = [...this.jar(url.origin)].map(([name, value]) => `${name}=${value}`).join('; ');
    const response = await fetch(url, { ...init, redirect: 'manual', headers: { ...init.headers, ...(cookie ? { cookie } : {}) } });
    for (const header of response.headers.getSetCookie()) {
      this.setCookies.push(header);
      const [pair, ...attributes] = header.split(';');
      const separator = pair.indexOf('=');
      const name = pair.slice(0, separator).trim();
      const removed = attributes.some((attribute) => /^\s*expires=Thu, 01 Jan 1970/i.test(attribute));
      if (removed) this.jar(url.origin).delete(name);
      else this.jar(url.origin).set(name, pair.slice(separator + 1).trim());
    }
    return response;
  }

  cookie(origin: string, name: string): string | undefined {
    return this.jar(origin).get(name);
  }

  setCookie(origin: string, name: string, value: string): void {
    this.jar(origin).set(name, value);
  }

  private jar(origin: string): Map<string, string> {
    let jar = this.jars.get(origin);
    if (!jar) this.jars.set(origin, (jar = new Map()));
    return jar;
  }
}

/**
 * Goes through the provider's development sign-in pages from its authorization URL: signs in as `login` (any password)
 * and consents, or gives up (`abort`). Returns where the provider sends the browser back: the client's redirect URI with
 * `code` and `state`, or with `error`.
 */
export async function signInAtProvider(browser: TestBrowser, authorizationUrl: string, login: string, options: { abort?: boolean } = {}): Promise<URL> {
  const issuerOrigin = new URL(authorizationUrl).origin;
  let response = await browser.get(authorizationUrl);
  for (let step = 0; step < 10; step++) {
    const location = response.headers.get('location');
    if (location) {
      const next = new URL(location, issuerOrigin);
      if (next.origin !== issuerOrigin) return next;
      response = await browser.get(next);
      continue;
    }
    const page = await response.text();
    const action = /<form[^>]*action="([^"]+)"/.exec(page)?.[1];
    if (response.status !== 200 || !action) throw new Error(`Unexpected page from the provider (${response.status}): ${page.slice(0, 300)}`);
    const formUrl = new URL(action.replace(/&amp;/g, '&'), issuerOrigin);
    if (options.abort) response = await browser.get(`${formUrl.href}/abort`);
    else if (page.includes('name="prompt" value="login"')) response = await browser.post(formUrl, { prompt: 'login', login, password: 'any' });
    else response = await browser.post(formUrl, { prompt: 'consent' });
  }
  throw new Error('The provider did not send the browser back within 10 steps');
}

/**
 * What the CLI does with a public client: authorization code + PKCE to a loopback redirect URI (never listened on here:
 * the test reads the code from the redirect), then the token request. Returns the ID token.
 */
export async function cliIdToken(issuer: string, clientId: string, redirectUri: string, login: string): Promise<string> {
  const config = await oidc.discovery(new URL(issuer), clientId, undefined, oidc.None(), { execute: [oidc.allowInsecureRequests] });
  const codeVerifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirectUri,
    scope: 'openid profile email groups',
    code_challenge: await oidc.calculatePKCECodeChallenge(codeVerifier),
    code_challenge_method: 'S256',
    state,
  });
  const callback = await signInAtProvider(new TestBrowser(), url.href, login);
  const tokens = await oidc.authorizationCodeGrant(config, callback, { pkceCodeVerifier: codeVerifier, expectedState: state, idTokenExpected: true });
  if (!tokens.id_token) throw new Error('The provider sent no ID token');
  return tokens.id_token;
}
