// Query-key factories: every cache key is built here, so invalidation after a
// mutation can name exactly what changed.
export const systemKeys = {
  all: ['system'] as const,
  status: () => [...systemKeys.all, 'status'] as const,
};

export const keyKeys = {
  all: ['keys'] as const,
  lists: () => [...keyKeys.all, 'list'] as const,
  list: () => [...keyKeys.lists()] as const,
  details: () => [...keyKeys.all, 'detail'] as const,
  detail: (id: string) => [...keyKeys.details(), id] as const,
};
