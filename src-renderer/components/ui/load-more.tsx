import { Button } from './button';

/** "Load more" under a paged list: shown while the server has another page. */
export function LoadMore({
  query,
  label = 'Load more',
  className,
}: {
  query: { hasNextPage: boolean; isFetchingNextPage: boolean; fetchNextPage: () => unknown };
  label?: string;
  className?: string;
}) {
  if (!query.hasNextPage) return null;
  return (
    <div className={className}>
      <Button size="sm" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
        {query.isFetchingNextPage ? 'Loading…' : label}
      </Button>
    </div>
  );
}
