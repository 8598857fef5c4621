// Routes live in the URL hash (#/keys): that works both from Electron's app:// page
// and from /admin/ under `gatehouse serve`, without server-side routing.
// Feature screens load lazily so the first load stays small.
import type { QueryClient } from '@tanstack/react-query';
import {
  createHashHistory,
  createRootRouteWithContext,
  createRoute,
  createRouter,
  lazyRouteComponent,
  Navigate,
} from '@tanstack/react-router';
import { parseAuditSearch } from '../features/audit/audit-search';
import { parseClientsSearch } from '../features/client-apps/clients-search';
import { parseKeysSearch } from '../features/keys/keys-search';
import { parseServersSearch } from '../features/servers/servers-search';
import { parseOAuthSearch } from '../features/oauth/oauth-search';
import { AppShell } from './app-shell';
import { RouteError } from './route-error';

interface RouterContext {
  queryClient: QueryClient;
}

const rootRoute = createRootRouteWithContext<RouterContext>()({
  component: AppShell,
  notFoundComponent: () => <Navigate to="/" replace />,
});

const indexRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/',
  component: lazyRouteComponent(() => import('../features/overview/overview-page'), 'OverviewPage'),
});

const clientsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/clients',
  validateSearch: parseClientsSearch,
  component: lazyRouteComponent(() => import('../features/client-apps/clients-page'), 'ClientsPage'),
});

const firstRunRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/first-run',
  component: lazyRouteComponent(() => import('../features/first-run/first-run-page'), 'FirstRunPage'),
});

const keysRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/keys',
  validateSearch: parseKeysSearch,
  component: lazyRouteComponent(() => import('../features/keys/keys-page'), 'KeysPage'),
});

const serversRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/servers',
  validateSearch: parseServersSearch,
  component: lazyRouteComponent(() => import('../features/servers/servers-page'), 'ServersPage'),
});

const permissionsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/permissions',
  component: lazyRouteComponent(() => import('../features/permissions/permissions-page'), 'PermissionsPage'),
});

const rateLimitsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/rate-limits',
  component: lazyRouteComponent(() => import('../features/rate-limits/rate-limits-page'), 'RateLimitsPage'),
});

const auditRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/audit',
  validateSearch: parseAuditSearch,
  component: lazyRouteComponent(() => import('../features/audit/audit-page'), 'AuditPage'),
});

const oauthRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/oauth',
  validateSearch: parseOAuthSearch,
  component: lazyRouteComponent(() => import('../features/oauth/oauth-page'), 'OAuthPage'),
});

const settingsRoute = createRoute({
  getParentRoute: () => rootRoute,
  path: '/settings',
  component: lazyRouteComponent(() => import('../features/settings/settings-page'), 'SettingsPage'),
});

const routeTree = rootRoute.addChildren([
  indexRoute,
  keysRoute,
  serversRoute,
  permissionsRoute,
  rateLimitsRoute,
  auditRoute,
  clientsRoute,
  firstRunRoute,
  oauthRoute,
  settingsRoute,
]);

export function createAppRouter(queryClient: QueryClient) {
  return createRouter({
    routeTree,
    history: createHashHistory(),
    context: { queryClient },
    defaultErrorComponent: RouteError,
    defaultPreload: 'intent',
  });
}

declare module '@tanstack/react-router' {
  interface Register {
    router: ReturnType<typeof createAppRouter>;
  }
}
