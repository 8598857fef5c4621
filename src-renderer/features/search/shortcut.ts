// The palette's shortcut: ⌘K on macOS, Ctrl+K elsewhere. Part of the first load
// (the top bar listens for it), so it stays tiny and imports nothing.

/** True on macOS (and iPadOS with a keyboard), where ⌘ is the command modifier. */
export function isMac(): boolean {
  const nav = navigator as Navigator & { userAgentData?: { platform?: string } };
  const platform = nav.userAgentData?.platform ?? navigator.platform ?? '';
  return /mac|iphone|ipad/i.test(platform);
}

/** What the user presses, for labels and `aria-keyshortcuts`. */
export function shortcutLabel(mac = isMac()): { text: string; aria: string } {
  return mac ? { text: '⌘K', aria: 'Meta+K' } : { text: 'Ctrl+K', aria: 'Control+K' };
}

/** ⌘K on macOS, Ctrl+K elsewhere; no other modifier. */
export function isPaletteShortcut(e: KeyboardEvent, mac = isMac()): boolean {
  if (e.key.toLowerCase() !== 'k' || e.altKey || e.shiftKey) return false;
  return mac ? e.metaKey && !e.ctrlKey : e.ctrlKey && !e.metaKey;
}
