import type { MasterKeySource } from '../../../src-preload/contract';
import { Alert } from '../../components/ui/alert';
import { Code } from '../../components/ui/field';

/** Where the master key comes from, in words; for the key file, why that is weak and how to move off it. */
export function MasterKeyInfo({ source, dataDir }: { source: MasterKeySource; dataDir: string }) {
  if (source === 'env') {
    return (
      <p className="text-sm">
        From the <Code>GATEHOUSE_MASTER_KEY</Code> environment variable. Every process that opens this data directory (the app,{' '}
        <Code>gatehouse serve</Code> and each <Code>gatehouse guard</Code>) needs the same value.
      </p>
    );
  }
  if (source === 'keychain') {
    return (
      <p className="text-sm">
        In the OS keychain (entry “Gatehouse”). Nothing in the data directory can decrypt its secrets on its own.
      </p>
    );
  }
  const sep = dataDir.includes('\\') && !dataDir.includes('/') ? '\\' : '/';
  const keyFile = `${dataDir.replace(/[\\/]+$/, '')}${sep}master.key`;
  return (
    <div className="space-y-3 text-sm">
      <Alert tone="warning">
        <p>
          <strong className="font-semibold">The master key is in a key file next to the data</strong> — the weakest option: anyone who
          copies the data directory can read every stored secret.
        </p>
      </Alert>
      <p>
        Key file: <Code>{keyFile}</Code>
      </p>
      <div>
        <p className="font-medium">To move it out of the data directory</p>
        <ol className="mt-1 list-decimal space-y-1 pl-5 text-[13px]">
          <li>
            Set <Code>GATEHOUSE_MASTER_KEY</Code> to the file&apos;s contents for every process that uses this data directory: the
            app, <Code>gatehouse serve</Code>, and the <Code>gatehouse guard</Code> entries in your client apps&apos; configs. It is
            read before the keychain and the file.
          </li>
          <li>Restart Gatehouse and check that this section says “environment variable”.</li>
          <li>
            Move the key file somewhere safe (a password manager), off this disk. <Code>gatehouse doctor</Code> confirms the
            result.
          </li>
        </ol>
        <p className="mt-2 text-[13px] text-muted">
          The OS keychain (macOS Keychain, Windows Credential Manager, or a Secret Service on Linux) is used when it is available
          as the data directory is created; Gatehouse falls back to the key file only when it is not.
        </p>
      </div>
    </div>
  );
}
