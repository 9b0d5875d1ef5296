import type { Clock } from '../../clock/clock';
import { SystemClock } from '../../clock/system-clock';
import type { FuncMap } from '../value';
import { argoFunctions } from './argo';
export { GoTemplateArgumentError } from './args';
import { certificateFunctions } from './certificates';
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
 * The function map Argo CD gives `goTemplate: true` ApplicationSets: sprig's GenericFuncMap without env, expandenv and
 * getHostByName, plus normalize, slugify, toYaml, fromYaml and fromYamlArray (applicationset/utils/utils.go).
 * `clock` is what sprig reads with time.Now: `now`, date functions given no date, and certificates' validity.
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
    ...certificateFunctions(clock),
    ...argoFunctions,
  };
}
