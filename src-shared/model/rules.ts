// A permission rule: allow or deny what a pattern names (see ./rule-pattern for the grammar).
export interface Rule {
  effect: 'allow' | 'deny';
  /** `SERVER:TOOLGLOB`, `SERVER:resource:URIGLOB` or `SERVER:prompt:NAMEGLOB`. */
  pattern: string;
}
