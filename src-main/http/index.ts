// The HTTP face of Gatehouse: one server, loopback by default.
export { createHttpServer, type GatehouseHttpServer, type HttpServerOptions } from './server';
export type { RouteHandler, RequestContext, MountOptions } from './router';
export { isLoopbackHost } from './request-guard';
