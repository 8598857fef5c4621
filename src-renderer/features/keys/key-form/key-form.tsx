// Create and edit a key like GitHub's fine-grained tokens: name, servers, then per
// server its tools, resources and prompts, patterns for power users, rate limit, expiry.
// One component per step.
import { useMemo, useState } from 'react';
import { ruleCoverage } from '../../../../src-shared/model/rule-coverage';
import { DialogForm } from '../../../components/ui/dialog';
import { Loading, LoadError } from '../../../components/ui/load-error';
import { useSettings } from '../../rate-limits/use-settings';
import { isReadOnly } from '../../servers/tool-annotations';
import { ExpiryStep, RateStep } from './limits-step';
import { NameStep } from './name-step';
import { PatternsStep } from './patterns-step';
import { ServerSection } from './server-section';
import { ServersStep } from './servers-step';
import { Step } from './section';
import { applyPreset, emptyPick, hasErrors, toRules, validate, type FormErrors, type KeyFormState } from './state';
import { AllowsNothingConfirm, CoverageLine } from './summary';
import { useKeyCatalog, type KeyCatalog } from './use-catalog';

export interface KeyFormProps {
  initial: (catalog: KeyCatalog) => KeyFormState;
  /** Editing: the current expiry in words, offered as "Keep". */
  keepExpiry: string | null;
  submitLabel: string;
  pendingLabel: string;
  /** "Create" / "Save": the confirmation's verb. */
  verb: string;
  pending: boolean;
  error: unknown;
  onSubmit: (state: KeyFormState) => void;
  onCancel: () => void;
}

/** Waits for the servers and their tools, then starts the form from them (an edit reads the key's rules against them). */
export function KeyForm(props: KeyFormProps) {
  const catalog = useKeyCatalog();
  if (catalog.pending) return <Loading>Loading servers and tools…</Loading>;
  if (catalog.error) return <LoadError what="The servers" error={catalog.error} onRetry={catalog.retry} />;
  return <KeyFormBody {...props} catalog={catalog} />;
}

function KeyFormBody({ catalog, initial, keepExpiry, submitLabel, pendingLabel, verb, pending, error, onSubmit, onCancel }: KeyFormProps & { catalog: KeyCatalog }) {
  const [state, setState] = useState<KeyFormState>(() => initial(catalog));
  // After a first try, the errors follow the fields as they change.
  const [tried, setTried] = useState(false);
  const errors = useMemo<FormErrors>(() => (tried ? validate(state) : {}), [tried, state]);
  const [askNothing, setAskNothing] = useState(false);
  const settings = useSettings();
  const patch = (p: Partial<KeyFormState>) => setState((s) => ({ ...s, ...p }));
  const rules = useMemo(() => toRules(state), [state]);
  const coverage = useMemo(() => ruleCoverage(rules, catalog.catalog), [rules, catalog.catalog]);
  const chosen = Object.keys(state.servers);

  function submit(confirmed: boolean) {
    setTried(true);
    if (hasErrors(validate(state))) return;
    if (coverage.allowsNothing && !confirmed) return setAskNothing(true);
    setAskNothing(false);
    onSubmit(state);
  }

  function toggleServer(name: string, on: boolean) {
    setState((s) => {
      const servers = { ...s.servers };
      if (!on) delete servers[name];
      else if (!catalog.servers.find((x) => x.name === name)?.discoveredAt) {
        // Nothing known of it yet: everything or nothing, by choice.
        servers[name] = emptyPick();
      } else {
        // The Read-only preset first, as the first run does: read-only tools, resources and prompts.
        const tools = catalog.details.get(name)?.tools ?? [];
        servers[name] = applyPreset('read-only', tools.filter(isReadOnly).map((t) => t.name));
      }
      return { ...s, servers };
    });
  }

  return (
    <DialogForm onSubmit={() => submit(false)} bodyClassName="space-y-6" error={error} onCancel={onCancel} pending={pending} label={submitLabel} pendingLabel={pendingLabel}>
      <NameStep state={state} error={errors.name} onChange={patch} autoFocus={keepExpiry === null} />
      <ServersStep servers={catalog.servers} chosen={chosen} onToggle={(s, on) => toggleServer(s.name, on)} />
      {chosen.length ? (
        <Step step={3} title="Tools, resources and prompts" hint="Per server: a preset, or tick what the key may use one by one.">
          <div className="space-y-3">
            {chosen.map((name) => {
              const server = catalog.servers.find((s) => s.name === name);
              if (!server) return null;
              return (
                <ServerSection
                  key={name}
                  server={server}
                  detail={catalog.details.get(name)}
                  pick={state.servers[name]!}
                  onChange={(pick) => patch({ servers: { ...state.servers, [name]: pick } })}
                  onRemove={() => toggleServer(name, false)}
                />
              );
            })}
          </div>
        </Step>
      ) : null}
      <PatternsStep step={chosen.length ? 4 : 3} patterns={state.patterns} catalog={catalog.catalog} errors={errors.patterns} warnings={coverage.warnings} onChange={(patterns) => patch({ patterns })} />
      <RateStep step={chosen.length ? 5 : 4} state={state} defaultLimit={settings.data?.defaultRateLimit} error={errors.rateLimit} onChange={patch} />
      <ExpiryStep step={chosen.length ? 6 : 5} expiry={state.expiry} keepLabel={keepExpiry} onChange={(expiry) => patch({ expiry })} />
      <CoverageLine coverage={coverage} servers={chosen.length} />
      {askNothing ? <AllowsNothingConfirm verb={verb} onConfirm={() => submit(true)} onBack={() => setAskNothing(false)} /> : null}
    </DialogForm>
  );
}
