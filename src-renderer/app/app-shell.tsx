import { Link, Outlet, type LinkProps } from '@tanstack/react-router';
import { AppWindow, Gauge, KeyRound, LayoutDashboard, LockKeyhole, ScrollText, Server, Settings, ShieldCheck, Table2, type LucideIcon } from 'lucide-react';
import { usePendingConsents } from '../features/oauth/use-oauth';
import { SearchLauncher } from '../features/search/search-launcher';
import { StatusArea, StatusBanners } from './status-area';

interface NavItem {
  /** Any route of the app: a new screen adds its route in router.tsx and one line here. */
  to: NonNullable<LinkProps['to']>;
  label: string;
  icon: LucideIcon;
}

// A screen appears here only once it works (UX.md). Order follows UX.md's Shell list.
export const nav: NavItem[] = [
  { to: '/', label: 'Overview', icon: LayoutDashboard },
  { to: '/servers', label: 'Servers', icon: Server },
  { to: '/keys', label: 'API keys', icon: KeyRound },
  { to: '/permissions', label: 'Permissions', icon: Table2 },
  { to: '/rate-limits', label: 'Rate limits', icon: Gauge },
  { to: '/audit', label: 'Audit', icon: ScrollText },
  { to: '/clients', label: 'Clients (MCP apps)', icon: AppWindow },
  { to: '/oauth', label: 'OAuth', icon: LockKeyhole },
  { to: '/settings', label: 'Settings', icon: Settings },
];

/** Sign-ins waiting for the admin's answer, on the OAuth item: they wait only 10 minutes. */
function ConsentBadge() {
  const pending = usePendingConsents();
  const n = pending.data?.length ?? 0;
  if (n === 0) return null;
  return (
    <>
      <span className="sr-only">, {n} {n === 1 ? 'sign-in waits' : 'sign-ins wait'} for your answer</span>
      <span aria-hidden="true" data-testid="consent-badge" className="ml-auto min-w-5 rounded-full bg-accent px-1.5 text-center text-[11px] leading-5 font-semibold text-accent-fg">
        {n}
      </span>
    </>
  );
}

export function AppShell() {
  return (
    <div className="grid h-full grid-cols-[208px_1fr] grid-rows-[48px_1fr]">
      <header className="col-span-2 flex items-center justify-between gap-4 border-b border-border bg-surface px-4">
        <div className="flex items-center gap-2">
          <ShieldCheck aria-hidden="true" className="size-5 text-accent" />
          <span className="text-[15px] font-semibold tracking-tight">Gatehouse</span>
        </div>
        <SearchLauncher />
        <StatusArea />
      </header>
      <nav aria-label="Main" className="border-r border-border bg-surface px-2 py-3">
        <ul className="space-y-0.5">
          {nav.map((item) => (
            <li key={item.to}>
              <Link
                to={item.to}
                className="relative flex h-8 items-center gap-2 rounded-md px-2.5 text-sm text-muted hover:bg-surface-2 hover:text-fg"
                activeProps={{ className: 'bg-surface-2 font-medium !text-fg', 'aria-current': 'page' }}
                // Overview is `/`: active only there, not under every route.
                activeOptions={{ exact: item.to === '/' }}
              >
                <item.icon aria-hidden="true" className="size-4" />
                {item.label}
                {item.to === '/oauth' ? <ConsentBadge /> : null}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
      <main className="min-w-0 overflow-y-auto">
        <StatusBanners />
        <Outlet />
      </main>
    </div>
  );
}
