// "Skip for now" is remembered in this browser (or app window) only; Overview still
// offers the path again.
const KEY = 'gatehouse.firstRun.skipped';

export function firstRunSkipped(): boolean {
  try {
    return window.localStorage.getItem(KEY) === '1';
  } catch {
    return false;
  }
}

export function setFirstRunSkipped(skipped: boolean): void {
  try {
    if (skipped) window.localStorage.setItem(KEY, '1');
    else window.localStorage.removeItem(KEY);
  } catch {
    // Storage refused (private mode): the offer simply shows again next time.
  }
}
