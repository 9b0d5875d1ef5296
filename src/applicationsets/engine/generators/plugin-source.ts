/**
 * What the plugin generator asks generator plugins through. The engine stays free of HTTP: the hub passes an
 * adapter (src/generator-plugins) that finds the plugin registered under a name, with its URL, token and timeout,
 * and makes Argo CD's call (`POST <baseUrl>/api/v1/getparams.execute`). It rejects with an Error whose message is
 * safe to show (never the token): the generator fails with it, and a failed generator fails the whole set, so
 * nothing is deleted while a plugin cannot answer.
 */
export interface PluginSource {
  /** The plugin's decoded JSON answer, unchecked: the generator checks its shape (`output.parameters`). */
  getParams(pluginName: string, request: PluginRequest): Promise<unknown>;
}

/** The body Argo CD sends a plugin (its ServiceRequest). */
export interface PluginRequest {
  /** The set asking, for the plugin's logs. */
  applicationSetName: string;
  input: { parameters: Record<string, unknown> };
}
