/** A problem with one field of a manifest: the dotted path to it and what is wrong. Turned into API details by `fieldIssuesError`. */
export interface FieldIssue {
  path: string;
  message: string;
}
