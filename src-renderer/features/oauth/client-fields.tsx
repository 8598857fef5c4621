// Fields and checks the create and edit client forms share.
import type { ReactNode } from 'react';
import type { UseFormRegisterReturn } from 'react-hook-form';
import { z } from 'zod';
import { FieldError, Hint, TextArea, TextField } from '../../components/ui/field';

export const clientNameSchema = z.string().trim().min(1, 'Give the client a name.').max(100, 'At most 100 characters.');

export function parseUris(text: string): string[] {
  return text
    .split(/\s+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Why a redirect URI would be refused, in words; null when it is fine. */
export function redirectUriProblem(uri: string): string | null {
  let u: URL;
  try {
    u = new URL(uri);
  } catch {
    return `“${uri}” is not a URL.`;
  }
  const loopback = u.hostname === '127.0.0.1' || u.hostname === '[::1]' || u.hostname === 'localhost';
  if (u.protocol === 'https:') return null;
  if (u.protocol === 'http:' && loopback) return null;
  if (u.protocol === 'http:') return `“${uri}” must use https (plain http is only for 127.0.0.1 and [::1]).`;
  // Private-use schemes (com.example.app:/cb) are how native apps receive the code.
  return /^[a-z][a-z0-9+.-]*\.[a-z0-9+.-]+:$/.test(u.protocol) ? null : `“${uri}” uses an unsupported scheme.`;
}

/** The first refused redirect URI, as an issue on `redirectUris`. */
export function checkRedirectUris(uris: string[], ctx: z.RefinementCtx) {
  for (const u of uris) {
    const problem = redirectUriProblem(u);
    if (problem) {
      ctx.addIssue({ code: 'custom', path: ['redirectUris'], message: problem });
      break;
    }
  }
}

const label = 'mb-1 block text-[13px] font-semibold';

export function ClientNameField({
  id,
  error,
  registration,
  placeholder,
  autoFocus,
}: {
  id: string;
  error: string | undefined;
  registration: UseFormRegisterReturn;
  placeholder?: string;
  autoFocus?: boolean;
}) {
  return (
    <TextField
      id={id}
      label="Name"
      labelClassName={label}
      className="w-full"
      placeholder={placeholder}
      autoFocus={autoFocus}
      error={error}
      {...registration}
    />
  );
}

export function RedirectUrisField({
  id,
  errorId,
  hintId,
  error,
  hint,
  registration,
  placeholder,
  readOnly,
}: {
  id: string;
  errorId: string;
  hintId: string;
  error: string | undefined;
  hint: ReactNode;
  registration: UseFormRegisterReturn;
  placeholder?: string;
  readOnly?: boolean;
}) {
  return (
    <div>
      <label htmlFor={id} className={label}>
        Redirect URIs
      </label>
      <TextArea
        id={id}
        placeholder={placeholder}
        readOnly={readOnly}
        aria-invalid={error ? true : undefined}
        aria-describedby={error ? errorId : hintId}
        {...registration}
      />
      {error ? <FieldError id={errorId}>{error}</FieldError> : <Hint id={hintId}>{hint}</Hint>}
    </div>
  );
}
