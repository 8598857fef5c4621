import { call, printJson, withCore, type CommonOptions } from './context';

/** `gatehouse master-key move-to-keychain`: off the key file, into the OS keychain. */
export async function moveToKeychain(opts: CommonOptions): Promise<void> {
  const moved = await withCore(opts, (_core, api) => call(api, 'system.masterKey.moveToKeychain', {}));
  if (opts.json) return printJson({ masterKeySource: moved.status.masterKeySource, fileLeft: moved.fileLeft });
  process.stdout.write(
    moved.fileLeft
      ? `The master key is now in the OS keychain, but ${moved.fileLeft} could not be deleted: delete it yourself ` +
          '(the keychain is read first, so nothing uses it now).\n'
      : 'The master key is now in the OS keychain and the key file is deleted. Gatehouse processes started from now on ' +
          'read it from the keychain; the ones running now keep working.\n',
  );
}
