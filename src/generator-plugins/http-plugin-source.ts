import { Injectable } from '@nestjs/common';
import { GuardedHttpClient, OutboundHttpError } from '../outbound-http';
import { GeneratorPluginsService, GeneratorPluginUnavailable } from './generator-plugins.service';

/** A plugin answer larger than this fails the generator (Argo CD reads it unbounded). */
export const MAX_PLUGIN_ANSWER_BYTES = 4 * 1024 * 1024;

/** The request path Argo CD's plugin client appends to the plugin's base URL. */
const GET_PARAMS_PATH = 'api/v1/getparams.execute';

/** The body sent to a plugin, as the engine's PluginRequest describes it. */
interface PluginRequestBody {
  applicationSetName: string;
  input: { parameters: Record<string, unknown> };
}

/**
 * The plugin generator's adapter (the engine's `PluginSource`): finds the plugin registered under the name a
 * generator gives and calls it through the hub's guarded HTTP client, as Argo CD's plugin service does. Every
 * rejection is an Error with a message safe to show in a condition: the status of a non-2xx answer, never its body
 * (a plugin may echo the request, token included), never the token, never the URL's path.
 */
@Injectable()
export class HttpPluginSource {
  constructor(
    private readonly plugins: GeneratorPluginsService,
    private readonly http: GuardedHttpClient,
  ) {}

  async getParams(pluginName: string, request: PluginRequestBody): Promise<unknown> {
    const plugin = await this.plugins.endpointFor(pluginName);
    let response;
    try {
      response = await this.http.request({
        method: 'POST',
        url: getParamsUrl(plugin.baseUrl),
        headers: { authorization: `Bearer ${plugin.token}`, 'content-type': 'application/json', 'user-agent': 'flotilla-applicationset' },
        body: JSON.stringify(request),
        timeoutMs: plugin.requestTimeoutSeconds * 1000,
        maxResponseBytes: MAX_PLUGIN_ANSWER_BYTES,
      });
    } catch (error) {
      if (error instanceof OutboundHttpError) throw new GeneratorPluginUnavailable(`${describeKind(error)}: ${error.message}`);
      throw error;
    }
    if (response.status < 200 || response.status >= 300) throw new GeneratorPluginUnavailable(`answered HTTP ${response.status}`);
    try {
      return JSON.parse(response.body) as unknown;
    } catch {
      throw new GeneratorPluginUnavailable('malformed answer: not JSON');
    }
  }
}

// Argo CD's client adds a '/' to the base URL when it has none, so a base URL with a path keeps it.
function getParamsUrl(baseUrl: string): string {
  return `${baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`}${GET_PARAMS_PATH}`;
}

function describeKind(error: OutboundHttpError): string {
  switch (error.kind) {
    case 'Timeout':
      return 'timed out';
    case 'TooLarge':
      return 'answer too large';
    case 'Network':
      return 'unreachable';
    case 'Redirect':
      return 'redirected';
    case 'InvalidUrl':
      return 'invalid base URL';
  }
}
