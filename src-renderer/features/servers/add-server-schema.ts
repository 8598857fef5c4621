import { z } from 'zod';
import { serverNameSchema, type Input } from '../../../src-preload/contract';

const pair = z.object({ name: z.string().trim(), value: z.string() });

// The form's own shape (strings and rows where the user types), checked with the
// contract's name rules so the dialog rejects what the API would.
export const addServerFormSchema = z
  .object({
    transport: z.enum(['stdio', 'http']),
    name: serverNameSchema,
    command: z.string().trim(),
    /** One argument per line, kept verbatim (spaces inside an argument are fine). */
    args: z.string(),
    cwd: z.string().trim(),
    env: z.array(pair).max(100),
    url: z.string().trim(),
    headers: z.array(pair).max(100),
  })
  .superRefine((v, ctx) => {
    if (v.transport === 'stdio') {
      if (!v.command) ctx.addIssue({ code: 'custom', path: ['command'], message: 'Give the command that starts the server.' });
      v.env.forEach((p, i) => {
        if (p.name === '' && p.value === '') return;
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(p.name)) {
          ctx.addIssue({ code: 'custom', path: ['env', i, 'name'], message: 'Letters, digits and _, not starting with a digit.' });
        }
      });
    } else {
      let ok: boolean;
      try {
        ok = /^https?:$/.test(new URL(v.url).protocol);
      } catch {
        ok = false;
      }
      if (!ok) ctx.addIssue({ code: 'custom', path: ['url'], message: 'An http:// or https:// URL, e.g. https://mcp.example.com/mcp' });
      v.headers.forEach((p, i) => {
        if (p.name === '' && p.value === '') return;
        if (!/^[A-Za-z0-9!#$%&'*+.^_`|~-]+$/.test(p.name)) {
          ctx.addIssue({ code: 'custom', path: ['headers', i, 'name'], message: 'Not an HTTP header name.' });
        }
      });
    }
  });

export type AddServerFormValues = z.infer<typeof addServerFormSchema>;

export const addServerDefaults: AddServerFormValues = {
  transport: 'stdio',
  name: '',
  command: '',
  args: '',
  cwd: '',
  env: [],
  url: '',
  headers: [],
};

function record(pairs: { name: string; value: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of pairs) if (p.name) out[p.name] = p.value;
  return out;
}

/** Splits the args box: one argument per line; a trailing empty line is not an argument. */
export function splitArgs(text: string): string[] {
  const lines = text.split(/\r?\n/);
  while (lines.length && lines[lines.length - 1]!.trim() === '') lines.pop();
  while (lines.length && lines[0]!.trim() === '') lines.shift();
  return lines;
}

export function toAddInput(v: AddServerFormValues): Input<'servers.add'> {
  if (v.transport === 'http') return { transport: 'http', name: v.name, url: v.url, headers: record(v.headers) };
  return {
    transport: 'stdio',
    name: v.name,
    command: v.command,
    args: splitArgs(v.args),
    cwd: v.cwd || null,
    env: record(v.env),
  };
}
