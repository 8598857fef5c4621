import { lazy, Suspense, useCallback, useMemo, useState } from 'react';
import { useNavigate, useSearch } from '@tanstack/react-router';
import { ScrollText, Settings2 } from 'lucide-react';
import { Button } from '../../components/ui/button';
import { Dialog, DialogBody } from '../../components/ui/dialog';
import { EmptyState } from '../../components/ui/empty-state';
import { Loading, LoadError } from '../../components/ui/load-error';
import { PageHeader } from '../../components/ui/page-header';
import { Switch } from '../../components/ui/switch';
import { errorMessage } from '../../lib/api';
import { useNow } from '../../lib/use-now';
import { useSettings } from '../rate-limits/use-settings';
import { useServerList } from '../servers/use-servers';
import { AuditFilters } from './audit-filters';
import type { AuditSearch } from './audit-search';
import { AuditSettings } from './audit-settings';
import { AuditDetailDialog } from './audit-detail-dialog';
import { AuditTable, useAuditTable } from './audit-table';
import { ExportButtons } from './export-buttons';
import { flattenEvents, toFilters, useAuditEvents, useAuditPerMinute } from './use-audit';
import type { AuditEntry } from '../../../src-preload/contract';

const AuditChart = lazy(() => import('./audit-chart'));
const CHART_MINUTES = 60;

function ChartCard({ live }: { live: boolean }) {
  const perMinute = useAuditPerMinute(CHART_MINUTES, live);
  return (
    <section aria-labelledby="chart-title" className="rounded-lg border border-border px-4 pt-3 pb-2">
      <h2 id="chart-title" className="mb-2 text-[13px] font-semibold">
        Calls per minute, last hour
      </h2>
      {perMinute.isError ? (
        <p className="text-[13px] text-danger">The chart could not be loaded: {errorMessage(perMinute.error)}</p>
      ) : (
        <Suspense fallback={<div className="h-48 text-[13px] text-muted">Loading chart…</div>}>
          {perMinute.data ? <AuditChart data={perMinute.data} /> : <div className="h-48" />}
        </Suspense>
      )}
    </section>
  );
}

export function AuditPage() {
  const search = useSearch({ from: '/audit' });
  const navigate = useNavigate({ from: '/audit' });
  const [live, setLive] = useState(false);
  const [settingsOpen, setSettingsOpen] = useState(false);
  const [opened, setOpened] = useState<AuditEntry | null>(null);
  const now = useNow(live ? 5_000 : 30_000);
  const events = useAuditEvents(search, live);
  const servers = useServerList();
  const settings = useSettings();
  const rows = useMemo(() => flattenEvents(events.data?.pages), [events.data]);
  const table = useAuditTable(rows, now);

  const setSearch = useCallback((next: AuditSearch) => void navigate({ search: next, replace: false }), [navigate]);
  const filters = useMemo(() => toFilters(search), [search]);
  const { hasNextPage, isFetchingNextPage, fetchNextPage } = events;
  const more = useCallback(() => {
    if (hasNextPage && !isFetchingNextPage) void fetchNextPage();
  }, [hasNextPage, isFetchingNextPage, fetchNextPage]);
  const filtered = Object.values(search).some(Boolean);
  const moreError = events.isFetchNextPageError ? errorMessage(events.error) : null;

  return (
    <div className="mx-auto max-w-7xl px-6 py-5">
      <PageHeader
        title="Audit"
        description="Every decision Gatehouse made, and every change to keys, servers and settings."
        actions={
          <>
            <span className="mr-2 flex items-center gap-2 text-sm">
              <Switch id="live-tail" label="Live tail" checked={live} onCheckedChange={setLive} />
              <label htmlFor="live-tail">Live tail</label>
            </span>
            <ExportButtons filters={filters} disabled={rows.length === 0} />
            <Button variant="ghost" size="icon" aria-label="Audit settings" title="Audit settings" onClick={() => setSettingsOpen(true)}>
              <Settings2 aria-hidden="true" className="size-4" />
            </Button>
          </>
        }
      />
      <div className="space-y-4">
        <ChartCard live={live} />
        <AuditFilters search={search} onChange={setSearch} servers={servers.data ?? []} />
        {events.isPending ? (
          <Loading>Loading events…</Loading>
        ) : events.isError ? (
          <LoadError what="The audit events" error={events.error} onRetry={() => void events.refetch()} />
        ) : rows.length === 0 ? (
          <EmptyState
            icon={ScrollText}
            title={filtered ? 'No events match these filters' : 'No events yet'}
            actions={
              filtered ? (
                <Button onClick={() => setSearch({})}>Clear filters</Button>
              ) : undefined
            }
          >
            {filtered
              ? 'Widen the time range or clear a filter.'
              : 'Events appear when a client calls a tool through Gatehouse, or when keys, servers or settings change.'}
          </EmptyState>
        ) : (
          <>
            <AuditTable table={table} onOpen={setOpened} onNearEnd={more} resetKey={JSON.stringify(search)} />
            <div className="flex items-center justify-between gap-3 text-[13px] text-muted">
              <span aria-live="polite">
                {rows.length} {rows.length === 1 ? 'event' : 'events'} loaded
                {live ? ' · live, refreshing every 2 s' : ''}
              </span>
              {events.hasNextPage ? (
                <Button onClick={() => void events.fetchNextPage()} disabled={events.isFetchingNextPage}>
                  {events.isFetchingNextPage ? 'Loading…' : 'Load more'}
                </Button>
              ) : (
                <span>That is all.</span>
              )}
            </div>
            {moreError ? (
              <p className="text-[13px] text-danger" role="alert">
                More events could not be loaded: {moreError}
              </p>
            ) : null}
          </>
        )}
      </div>
      <AuditDetailDialog event={opened} onClose={() => setOpened(null)} />
      <Dialog open={settingsOpen} onClose={() => setSettingsOpen(false)} title="Audit settings" width="max-w-md">
        <DialogBody>
          {settings.data ? (
            <AuditSettings key={String(settings.data.auditRetentionDays)} settings={settings.data} />
          ) : settings.isError ? (
            <LoadError what="The settings" error={settings.error} onRetry={() => void settings.refetch()} />
          ) : (
            <p className="text-[13px] text-muted">Loading…</p>
          )}
        </DialogBody>
      </Dialog>
    </div>
  );
}
