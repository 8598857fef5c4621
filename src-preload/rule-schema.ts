// The zod shape of a permission rule, shared by the keys and OAuth parts of the contract
// (./contract, ./contract-oauth) so both accept exactly the same spellings.
import { z } from 'zod';
import { patternProblem } from '../src-shared/model/rule-pattern';

/** `SERVER:TOOLGLOB`, `SERVER:resource:URIGLOB` or `SERVER:prompt:NAMEGLOB` (see src-shared/model/rule-pattern). */
export const rulePatternSchema = z
  .string()
  .trim()
  .max(300)
  .superRefine((pattern, ctx) => {
    const problem = patternProblem(pattern);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const ruleSchema = z.object({
  effect: z.enum(['allow', 'deny']),
  pattern: rulePatternSchema,
});

/**
 * One term of a server's exposure (what an approved OAuth client gets there): a rule
 * without its `SERVER:` part, so `read_*`, `resource:file:///*` or `prompt:*`.
 */
export const exposureTermSchema = z
  .string()
  .trim()
  .min(1, 'give a glob, for example * or resource:*')
  .max(200)
  .superRefine((term, ctx) => {
    const problem = patternProblem(`SERVER:${term}`);
    if (problem) ctx.addIssue({ code: 'custom', message: problem.replaceAll('SERVER:', '') });
  });
