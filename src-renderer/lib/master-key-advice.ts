// What to do about a master key in a key file, on the platform in use. Never "put
// GATEHOUSE_MASTER_KEY in the env": every guard would need it, and the guards' env is
// in the client apps' config files, in plain text.
import type { SystemStatus } from '../../src-preload/contract';

export interface MasterKeyAdvice {
  /** The OS keychain answers here: "Move to the OS keychain" works. */
  canMove: boolean;
  /** The fix, in words. */
  text: string;
}

const keychainName: Record<string, string> = {
  darwin: 'the macOS Keychain',
  win32: 'Windows Credential Manager',
  linux: 'a Secret Service keyring (GNOME Keyring or KWallet)',
};

export function masterKeyAdvice(s: Pick<SystemStatus, 'platform' | 'keychainAvailable'>): MasterKeyAdvice {
  const keychain = keychainName[s.platform] ?? 'the OS keychain';
  if (s.keychainAvailable !== false) {
    return { canMove: true, text: `Move it into ${keychain}: Settings → Move to the OS keychain.` };
  }
  if (s.platform === 'linux') {
    return {
      canMove: false,
      text:
        'No keychain answers on this machine. On a desktop, install and unlock GNOME Keyring or KWallet in your session, then move the key in Settings. ' +
        'On a server without one, keep the key file readable only by you, on an encrypted disk.',
    };
  }
  return { canMove: false, text: `${keychain[0]!.toUpperCase()}${keychain.slice(1)} did not answer: run Gatehouse as your own user, in your session, then move the key in Settings.` };
}
