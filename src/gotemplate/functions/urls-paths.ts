import { kindOf, type GoMap, type GoValue } from '../value';
import { buildFunctions, fail, mapArg, stringArg } from './args';

/**
 * Go's path package (sprig's base/dir/clean/ext/isAbs; the os* forms are the same on Linux, where Argo CD runs) and
 * net/url as sprig's urlParse/urlJoin use it. Node's URL class normalises (lower-cases hosts, adds "/") where Go does
 * not, hence the small parser here.
 */

export function cleanPath(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const out: string[] = [];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') {
      if (out.length > 0 && out[out.length - 1] !== '..') out.pop();
      else if (!rooted) out.push('..');
    } else {
      out.push(segment);
    }
  }
  const joined = (rooted ? '/' : '') + out.join('/');
  return joined === '' ? '.' : joined;
}

export function basePath(path: string): string {
  if (path === '') return '.';
  // A loop, not /\/+$/: a regular expression would retry from every slash of a long run (quadratic).
  let end = path.length;
  while (end > 0 && path[end - 1] === '/') end--;
  const trimmed = path.slice(0, end);
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

const dirPath = (path: string): string => cleanPath(path.slice(0, path.lastIndexOf('/') + 1));

function extension(path: string): string {
  for (let i = path.length - 1; i >= 0 && path[i] !== '/'; i--) if (path[i] === '.') return path.slice(i);
  return '';
}

function unescape(text: string): string {
  if (/%(?![0-9a-fA-F]{2})/.test(text)) fail(`unable to parse url: invalid URL escape "${/%.{0,2}/.exec(text)![0]}"`);
  return Buffer.from(text.replace(/%([0-9a-fA-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16))), 'latin1').toString('utf8');
}

/** net/url's escape for a path (encodePath) or fragment: unreserved and sub-delimiters stay, the rest is %XX. */
function escape(text: string, keep: RegExp): string {
  return [...Buffer.from(text, 'utf8')].map((byte) => (keep.test(String.fromCharCode(byte)) ? String.fromCharCode(byte) : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`)).join('');
}
const PATH_SAFE = /[A-Za-z0-9\-_.~$&+,/:;=@]/;
const FRAGMENT_SAFE = /[A-Za-z0-9\-_.~$&+,/:;=@!()*?]/;
const USER_SAFE = /[A-Za-z0-9\-_.~$&+,;=!()*']/;

/** url.Parse, reduced to what urlParse reports. */
function parseUrl(raw: string): GoMap {
  // eslint-disable-next-line no-control-regex
  if (/[\x00-\x1f\x7f]/.test(raw)) fail('unable to parse url: net/url: invalid control character in URL');
  const [beforeFragment, ...fragmentParts] = raw.split('#');
  const fragment = unescape(fragmentParts.join('#'));
  let rest = beforeFragment;
  let scheme = '';
  const schemeMatch = /^([A-Za-z][A-Za-z0-9+.-]*):/.exec(rest);
  if (schemeMatch) {
    scheme = schemeMatch[1].toLowerCase();
    rest = rest.slice(schemeMatch[0].length);
  } else if (rest.startsWith(':')) {
    fail('unable to parse url: missing protocol scheme');
  }
  const queryAt = rest.indexOf('?');
  const query = queryAt >= 0 ? rest.slice(queryAt + 1) : '';
  if (queryAt >= 0) rest = rest.slice(0, queryAt);
  const result: GoMap = { scheme, host: '', hostname: '', path: '', query, opaque: '', fragment, userinfo: '' };
  if (!rest.startsWith('/')) {
    if (scheme !== '') return { ...result, opaque: rest };
    if (rest.split('/')[0].includes(':')) fail('unable to parse url: first path segment in URL cannot contain colon');
  }
  if ((scheme !== '' || !rest.startsWith('///')) && rest.startsWith('//')) {
    const slash = rest.indexOf('/', 2);
    const authority = slash >= 0 ? rest.slice(2, slash) : rest.slice(2);
    rest = slash >= 0 ? rest.slice(slash) : '';
    const at = authority.lastIndexOf('@');
    const host = at >= 0 ? authority.slice(at + 1) : authority;
    if (at >= 0) {
      const [user, ...password] = authority.slice(0, at).split(':');
      const userText = escape(unescape(user), USER_SAFE);
      result.userinfo = password.length > 0 ? `${userText}:${escape(unescape(password.join(':')), USER_SAFE)}` : userText;
    }
    result.host = host;
    result.hostname = host.startsWith('[') ? host.slice(1, host.indexOf(']')) : host.replace(/:\d*$/, '');
  }
  result.path = unescape(rest);
  return result;
}

/** urlJoin: url.URL{…}.String() from a dict with the keys urlParse produces. */
function joinUrl(dict: GoMap): string {
  const field = (key: string): string => {
    const value: GoValue = dict[key];
    if (value === undefined || !Object.hasOwn(dict, key)) return '';
    if (typeof value !== 'string') fail(`unable to parse ${key} key, must be of type string, but ${kindOf(value)} found`);
    return value;
  };
  const [scheme, host, path, query, opaque, fragment, userinfo] = ['scheme', 'host', 'path', 'query', 'opaque', 'fragment', 'userinfo'].map(field);
  let out = scheme ? `${scheme}:` : '';
  if (opaque) {
    out += opaque;
  } else {
    if (scheme || host || userinfo) {
      if (host || path || userinfo) out += '//';
      if (userinfo) out += `${userinfo}@`;
      out += host;
    }
    const escapedPath = escape(path, PATH_SAFE);
    if (escapedPath && !escapedPath.startsWith('/') && host) out += '/';
    if (out === '' && escapedPath.split('/')[0].includes(':')) out += './';
    out += escapedPath;
  }
  if (query) out += `?${query}`;
  if (fragment) out += `#${escape(fragment, FRAGMENT_SAFE)}`;
  return out;
}

const s = stringArg;
const paths = {
  base: (v: GoValue) => basePath(s(v)),
  dir: (v: GoValue) => dirPath(s(v)),
  clean: (v: GoValue) => cleanPath(s(v)),
  ext: (v: GoValue) => extension(s(v)),
  isAbs: (v: GoValue) => s(v).startsWith('/'),
};

export const urlPathFunctions = buildFunctions({
  base: [1, 1, paths.base],
  dir: [1, 1, paths.dir],
  clean: [1, 1, paths.clean],
  ext: [1, 1, paths.ext],
  isAbs: [1, 1, paths.isAbs],
  osBase: [1, 1, paths.base],
  osDir: [1, 1, paths.dir],
  osClean: [1, 1, paths.clean],
  osExt: [1, 1, paths.ext],
  osIsAbs: [1, 1, paths.isAbs],
  urlParse: [1, 1, (v) => parseUrl(s(v))],
  urlJoin: [1, 1, (v) => joinUrl(mapArg(v))],
});
