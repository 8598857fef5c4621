import { Link, Outlet } from '@tanstack/react-router';
import { KeyRound, ShieldCheck, type LucideIcon } from 'lucide-react';
import { StatusArea, StatusBanners } from './status-area';

interface NavItem {
  to: '/keys';
  label: string;
  icon: LucideIcon;
}

// A screen appears here only once it works (UX.md).
const nav: NavItem[] = [{ to: '/keys', label: 'API keys', icon: KeyRound }];

export function AppShell() {
  return (
    <div className="grid h-full grid-cols-[208px_1fr] grid-rows-[48px_1fr]">
      <header className="col-span-2 flex items-center justify-between gap-4 border-b border-border bg-surface px-4">
        <div className="flex items-center gap-2">
          <ShieldCheck aria-hidden="true" className="size-5 text-accent" />
          <span className="text-[15px] font-semibold tracking-tight">Gatehouse</span>
        </div>
        <StatusArea />
      </header>
      <nav aria-label="Main" className="border-r border-border bg-surface px-2 py-3">
        <ul className="space-y-0.5">
          {nav.map((item) => (
            <li key={item.to}>
              <Link
                to={item.to}
                className="flex h-8 items-center gap-2 rounded-md px-2.5 text-sm text-muted hover:bg-surface-2 hover:text-fg"
                activeProps={{ className: 'bg-surface-2 font-medium !text-fg', 'aria-current': 'page' }}
              >
                <item.icon aria-hidden="true" className="size-4" />
                {item.label}
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
