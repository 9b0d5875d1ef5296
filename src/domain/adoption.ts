/**
 * App of apps: Argo CD objects an Application renders for the hub (projects, sets, applications) are the hub's own,
 * owned by that Application by name. While it exists they change only through its Git, as a hand edit of a child
 * Application in Argo CD is reverted by its parent's self-heal.
 */
export function managedByParentMessage(kind: 'AppProject' | 'ApplicationSet' | 'Application', name: string, parent: string): string {
  return `${kind} "${name}" is managed by Application "${parent}" (app of apps): change it in that application's Git source`;
}
