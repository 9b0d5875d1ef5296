import type { Clock } from '../../clock/clock';
import { SystemClock } from '../../clock/system-clock';
import type { FuncMap } from '../value';
import { argoFunctions } from './argo';
export { GoTemplateArgumentError } from './args';
import { cryptoFunctions } from './crypto';
import { dateFunctions } from './dates';
import { defaultFunctions } from './defaults';
import { dictFunctions } from './dicts';
import { encodingFunctions } from './encoding';
import { jsonFunctions } from './json';
import { listFunctions } from './lists';
import { mathFunctions } from './math';
import { regexFunctions } from './regex';
import { semverFunctions } from './semver';
import { stringFunctions } from './strings';
import { urlPathFunctions } from './urls-paths';

/**
 * sprig functions deliberately absent, each with the reason. Argo CD's own removals (env, expandenv, getHostByName:
 * they would let a template read the controller's environment) are not "missing", they are Argo CD's behaviour.
 * A template calling any of these fails with the engine's "function not defined".
 */
export const NOT_IMPLEMENTED: ReadonlyArray<{ name: string; reason: string }> = [
  ...['now', 'toDate', 'mustToDate', 'dateModify', 'date_modify', 'mustDateModify', 'must_date_modify', 'unixEpoch'].map((name) => ({
    name,
    reason: 'produces or requires a Go time.Time, which has no GoValue form (date functions take Unix seconds instead)',
  })),
  ...['genCA', 'genCAWithKey', 'genSelfSignedCert', 'genSelfSignedCertWithKey', 'genSignedCert', 'genSignedCertWithKey', 'buildCustomCert'].map((name) => ({
    name,
    reason: 'X.509 certificate generation needs an ASN.1/X.509 library Node does not ship; not used by ApplicationSets',
  })),
];

/**
 * The function map Argo CD gives `goTemplate: true` ApplicationSets: sprig's GenericFuncMap without env, expandenv and
 * getHostByName, plus normalize, slugify, toYaml, fromYaml and fromYamlArray (applicationset/utils/utils.go).
 * `clock` is read by date functions called without a date (sprig uses time.Now there).
 */
export function argoCdFunctions(clock: Pick<Clock, 'now'> = new SystemClock()): FuncMap {
  return {
    ...stringFunctions,
    ...regexFunctions,
    ...listFunctions,
    ...dictFunctions,
    ...mathFunctions,
    ...defaultFunctions,
    ...jsonFunctions,
    ...encodingFunctions,
    ...cryptoFunctions,
    ...semverFunctions,
    ...urlPathFunctions,
    ...dateFunctions(clock),
    ...argoFunctions,
  };
}
