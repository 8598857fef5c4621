// deploy/ is written for a container engine this machine lacks: these checks are what can
// be proven here. Every YAML file parses, and the pieces agree with each other and with
// the code: the flags they pass exist, the probe paths are the ones serve answers, the
// load balancer and the Service reach the port the replicas listen on.
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { program } from '../../src-main/cli/program';
import { HEALTH_PATH, READY_PATH } from '../../src-main/http/health';

const DEPLOY = resolve(import.meta.dirname, '../../deploy');
type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function yamlDocs(file: string): Doc[] {
  const docs = parseAllDocuments(readFileSync(file, 'utf8'), { merge: true, prettyErrors: true });
  if (!Array.isArray(docs)) throw new Error(`${file}: not YAML documents`);
  for (const d of docs) {
    expect(d.errors.map((e) => `${file}: ${e.message}`)).toEqual([]);
    expect(d.warnings.map((e) => `${file}: ${e.message}`)).toEqual([]);
  }
  return docs.map((d) => d.toJS({ maxAliasCount: 100 }) as Doc).filter(Boolean);
}

const k8s = () => readdirSync(join(DEPLOY, 'k8s')).filter((f) => f.endsWith('.yaml')).flatMap((f) => yamlDocs(join(DEPLOY, 'k8s', f)));
const kind = (docs: Doc[], k: string) => docs.filter((d) => d.kind === k);
const serveFlags = () => new Set(program.commands.find((c) => c.name() === 'serve')!.options.map((o) => o.long));

/** The `--flags` a command line passes to `serve`. */
function flagsOf(args: string[]): string[] {
  expect(args[0]).toBe('serve');
  return args.filter((a) => a.startsWith('--'));
}

describe('deploy/compose.yaml', () => {
  const [compose] = yamlDocs(join(DEPLOY, 'compose.yaml'));
  const services = compose!.services as Record<string, Doc>;
  const replicas = Object.keys(services).filter((n) => n.startsWith('gatehouse-'));

  it('runs PostgreSQL, migrate once, then three serve replicas with the database, public URL and master key file', () => {
    expect(services.postgres!.image).toMatch(/^postgres:/);
    expect(services.migrate!.command).toEqual(['migrate']);
    expect(services.migrate!.depends_on.postgres.condition).toBe('service_healthy');
    expect(replicas).toHaveLength(3);
    for (const name of replicas) {
      const r = services[name]!;
      expect(r.depends_on.migrate.condition).toBe('service_completed_successfully');
      expect(r.environment.GATEHOUSE_DATABASE_URL).toMatch(/^postgres:\/\/.*@postgres:5432\//);
      expect(r.environment.GATEHOUSE_PUBLIC_URL).toMatch(/^https:\/\//);
      expect(r.environment.GATEHOUSE_MASTER_KEY_FILE).toBe('/run/secrets/gatehouse_master_key');
      expect(r.secrets).toEqual(['gatehouse_master_key']);
      expect(r.healthcheck.test.join(' ')).toContain(`127.0.0.1:7337${READY_PATH}`);
      expect(r.command.slice(r.command.indexOf('--port'), r.command.indexOf('--port') + 2)).toEqual(['--port', '7337']);
    }
    expect(compose!.secrets.gatehouse_master_key.file).toBe('./secrets/master.key');
  });

  it('passes serve only flags it has, and gives every replica the same public URL', () => {
    const known = serveFlags();
    for (const name of replicas) for (const f of flagsOf(services[name]!.command)) expect(known, `${name}: ${f}`).toContain(f);
    expect(new Set(replicas.map((n) => services[n]!.environment.GATEHOUSE_PUBLIC_URL)).size).toBe(1);
  });

  it('puts Caddy in front of exactly those replicas, one per client address (2025-era sessions live in one), checking /readyz', () => {
    const caddyfile = readFileSync(join(DEPLOY, 'Caddyfile'), 'utf8');
    const upstreams = /reverse_proxy\s+([^{]+)\{/.exec(caddyfile)![1]!.trim().split(/\s+/);
    expect(upstreams.sort()).toEqual(replicas.map((n) => `${n}:7337`).sort());
    expect(caddyfile).toMatch(/^\s*lb_policy ip_hash$/m);
    expect(caddyfile).toContain(`health_uri ${READY_PATH}`);
    expect(services.caddy!.volumes).toContain('./Caddyfile:/etc/caddy/Caddyfile:ro');
  });
});

describe('deploy/k8s', () => {
  const docs = k8s();

  it('parses, and kustomization lists every manifest in the folder', () => {
    const [kustomization] = yamlDocs(join(DEPLOY, 'k8s', 'kustomization.yaml'));
    const files = readdirSync(join(DEPLOY, 'k8s')).filter((f) => f.endsWith('.yaml') && f !== 'kustomization.yaml');
    expect([...kustomization!.resources].sort()).toEqual(files.sort());
  });

  it('probes /readyz for readiness and /healthz for liveness on the port serve listens on', () => {
    const [deployment] = kind(docs, 'Deployment');
    const pod = deployment!.spec.template.spec;
    const [c] = pod.containers;
    const port = c.args[c.args.indexOf('--port') + 1];
    expect(c.ports).toEqual([{ name: 'http', containerPort: Number(port) }]);
    expect(c.readinessProbe.httpGet).toEqual({ path: READY_PATH, port: 'http' });
    expect(c.livenessProbe.httpGet).toEqual({ path: HEALTH_PATH, port: 'http' });
    expect(deployment!.spec.replicas).toBe(3);
    for (const f of flagsOf(c.args)) expect(serveFlags(), f).toContain(f);
    // Drain time plus the preStop pause fit in the grace period.
    const drain = Number(c.args[c.args.indexOf('--drain-seconds') + 1]);
    expect(drain + Number(c.lifecycle.preStop.exec.command[1])).toBeLessThan(pod.terminationGracePeriodSeconds);
  });

  it('mounts the master key Secret read-only with mode 0400 where GATEHOUSE_MASTER_KEY_FILE points, in serve and migrate', () => {
    const [secret] = kind(docs, 'Secret').filter((s) => s.metadata.name === 'gatehouse-master-key');
    expect(secret!.stringData['master.key']).toBeDefined();
    const pods = [kind(docs, 'Deployment')[0]!, kind(docs, 'Job')[0]!].map((d) => d.spec.template.spec);
    for (const pod of pods) {
      const [c] = pod.containers;
      const file = c.env.find((e: Doc) => e.name === 'GATEHOUSE_MASTER_KEY_FILE').value as string;
      const mount = c.volumeMounts.find((m: Doc) => file.startsWith(`${m.mountPath}/`));
      const volume = pod.volumes.find((v: Doc) => v.name === mount.name);
      expect(mount.readOnly).toBe(true);
      expect(volume.secret).toEqual({ secretName: 'gatehouse-master-key', defaultMode: 0o400 });
      expect(file.slice(mount.mountPath.length + 1)).toBe('master.key');
      expect(c.env.find((e: Doc) => e.name === 'GATEHOUSE_DATABASE_URL').valueFrom.secretKeyRef).toEqual({ name: 'gatehouse-database', key: 'url' });
    }
    expect(kind(docs, 'Job')[0]!.spec.template.spec.containers[0].args).toEqual(['migrate']);
  });

  it('routes the Ingress host (the public URL) to the Service, and the Service to the pods', () => {
    const [deployment] = kind(docs, 'Deployment');
    const [service] = kind(docs, 'Service');
    const [ingress] = kind(docs, 'Ingress');
    const c = deployment!.spec.template.spec.containers[0];
    const publicUrl = new URL(c.args[c.args.indexOf('--public-url') + 1]);
    expect(publicUrl.protocol).toBe('https:');
    expect(ingress!.spec.rules[0].host).toBe(publicUrl.host);
    expect(ingress!.spec.tls[0].hosts).toEqual([publicUrl.host]);
    // 2025-era sessions live in one pod: a client address keeps to one.
    expect(ingress!.metadata.annotations['nginx.ingress.kubernetes.io/upstream-hash-by']).toBe('$remote_addr');
    expect(ingress!.spec.rules[0].http.paths[0].backend.service).toEqual({ name: service!.metadata.name, port: { name: 'http' } });
    expect(service!.spec.selector).toEqual(deployment!.spec.selector.matchLabels);
    expect(service!.spec.ports[0].targetPort).toBe('http');
  });
});

describe('deploy/Dockerfile', () => {
  const dockerfile = readFileSync(join(DEPLOY, 'Dockerfile'), 'utf8');

  it('builds on Node 22, installs runtime dependencies only into the image, and runs gatehouse as a non-root user', () => {
    expect(dockerfile).toMatch(/^ARG NODE_IMAGE=node:22[-\w]*$/m);
    expect(dockerfile).toMatch(/^RUN npm ci --omit=dev/m);
    expect(dockerfile).toMatch(/^RUN npx electron-vite build$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toContain('ENTRYPOINT ["node", "/app/bin/gatehouse"]');
    const cmd = JSON.parse(/^CMD (\[.*\])$/m.exec(dockerfile)![1]!) as string[];
    for (const f of flagsOf(cmd)) expect(serveFlags(), f).toContain(f);
  });
});
