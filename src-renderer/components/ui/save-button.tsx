import { Button } from './button';

/** A form's Save, and "Saved." beside it once the change is stored. */
export function SaveButton({ disabled, saved }: { disabled: boolean; saved: boolean }) {
  return (
    <>
      <Button type="submit" size="sm" disabled={disabled}>
        Save
      </Button>
      {saved ? (
        <span role="status" className="text-[13px] text-ok-fg">
          Saved.
        </span>
      ) : null}
    </>
  );
}
