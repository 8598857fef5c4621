// The renderer's cache of the admin API, derived from the method table
// (src-preload/methods.ts): one place for every read's query key and options and
// every write's invalidations. A read is cached under [method, …]; a write refreshes
// every read that shows a domain it changes. No screen writes a key or a list of its own.
import { infiniteQueryOptions, queryOptions, type QueryClient } from '@tanstack/react-query';
import type { Input, Result } from '../../src-preload/contract';
import { domainsOf, methodNames, methodTable, type MethodName } from '../../src-preload/methods';
import { call } from './api';

type KindOf<K extends string> = { [M in MethodName]: (typeof methodTable)[M]['kind'] extends K ? M : never }[MethodName];
/** Methods the screens read through the cache. */
export type ReadMethod = KindOf<'read'>;
/** Methods the screens run as mutations: writes, and reveals (audited). */
export type WriteMethod = KindOf<'write' | 'reveal'>;
/** Reads that answer a page at a time (`cursor` in, `nextCursor` out). */
export type PagedMethod = { [M in ReadMethod]: Result<M> extends { nextCursor: string | null } ? M : never }[ReadMethod];

const isRead = (m: MethodName): m is ReadMethod => methodTable[m].kind === 'read';
export const readMethods: ReadMethod[] = methodNames.filter(isRead);
export const writeMethods = methodNames.filter((m): m is WriteMethod => !isRead(m));

/** The cache key of one read. */
export function queryKeyOf<M extends ReadMethod>(method: M, input: Input<M>) {
  return [method, input] as const;
}

/** Query options of one read: spread them into useQuery and add what the screen needs (select, polling…). */
export function apiQuery<M extends ReadMethod>(method: M, input: Input<M>) {
  return queryOptions({ queryKey: queryKeyOf(method, input), queryFn: () => call(method, input) });
}

type PageInput<M extends PagedMethod> = Omit<Input<M>, 'cursor'>;

/**
 * Options of a paged read for useInfiniteQuery. `params` make the key; `toInput` turns them
 * into the request when each page is asked for (the audit filters' relative `since`).
 */
export function apiPages<M extends PagedMethod, P extends object = PageInput<M>>(
  method: M,
  params: P,
  toInput: (params: P) => PageInput<M> = (p) => p as unknown as PageInput<M>,
) {
  return infiniteQueryOptions({
    queryKey: [method, 'pages', params] as const,
    queryFn: ({ pageParam }) => call(method, { ...toInput(params), ...(pageParam ? { cursor: pageParam } : {}) } as Input<M>),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last: Result<M>) => (last as { nextCursor: string | null }).nextCursor ?? undefined,
  });
}

/** The reads a write makes stale: every read that shows a domain the write changes. */
export function readsChangedBy(write: WriteMethod): ReadMethod[] {
  const changed = new Set(domainsOf(write));
  return readMethods.filter((r) => domainsOf(r).some((d) => changed.has(d)));
}

/** Refreshes what these writes changed (each read once; the ones on screen refetch now). */
export async function invalidateAfter(queryClient: QueryClient, ...writes: WriteMethod[]): Promise<void> {
  const reads = new Set(writes.flatMap(readsChangedBy));
  await Promise.all([...reads].map((r) => queryClient.invalidateQueries({ queryKey: [r] })));
}

/** A write outside a mutation (a step of a flow): what it changed is refreshed, worked or not, before it returns. */
export async function apiWrite<M extends WriteMethod>(queryClient: QueryClient, method: M, input: Input<M>): Promise<Result<M>> {
  try {
    return await call(method, input);
  } finally {
    await invalidateAfter(queryClient, method);
  }
}
