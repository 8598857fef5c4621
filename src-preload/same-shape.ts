// The contract's zod schemas and the domain model's plain types (src-shared/model) say
// the same thing twice: the schema what the API accepts, the type what the core uses.
// `sameShape<A, B>(true)` fails to compile when they drift apart, in either direction.
export type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
export function sameShape<A, B>(_proof: Same<A, B>): void {}
