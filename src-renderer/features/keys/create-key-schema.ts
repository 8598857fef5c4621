import { z } from 'zod';
import { rateWindows, ruleSchema, type Input } from '../../../src-preload/contract';
import { expiryChoices, expirySeconds } from './choices';

// The form's own shape (strings where the user types), checked with the contract's
// rule schema so the dialog rejects exactly what the API would.
export const createKeyFormSchema = z
  .object({
    name: z.string().trim().min(1, 'Give the key a name.').max(100, 'At most 100 characters.'),
    rules: z.array(ruleSchema).max(500),
    rateMode: z.enum(['none', 'limit']),
    rateLimit: z.string(),
    rateWindow: z.enum(rateWindows),
    expiry: z.enum(expiryChoices.map((c) => c.value) as [string, ...string[]]),
  })
  .superRefine((v, ctx) => {
    if (v.rateMode !== 'limit') return;
    const n = Number(v.rateLimit);
    if (!/^\d+$/.test(v.rateLimit.trim()) || !Number.isInteger(n) || n < 1 || n > 1_000_000) {
      ctx.addIssue({ code: 'custom', path: ['rateLimit'], message: 'A whole number from 1 to 1,000,000.' });
    }
  });

export type CreateKeyFormInput = z.input<typeof createKeyFormSchema>;
export type CreateKeyFormValues = z.output<typeof createKeyFormSchema>;

export const createKeyDefaults: CreateKeyFormInput = {
  name: '',
  rules: [{ effect: 'allow', pattern: '' }],
  rateMode: 'none',
  rateLimit: '60',
  rateWindow: 'minute',
  expiry: '30d',
};

export function toCreateInput(v: CreateKeyFormValues): Input<'keys.create'> {
  return {
    name: v.name,
    rules: v.rules,
    rateLimit: v.rateMode === 'limit' ? { limit: Number(v.rateLimit), window: v.rateWindow } : null,
    expiresInSeconds: expirySeconds(v.expiry as Parameters<typeof expirySeconds>[0]),
  };
}
