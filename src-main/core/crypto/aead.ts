import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

// AES-256-GCM with a random 96-bit nonce. Layout: version(1) | nonce(12) | tag(16) | ciphertext.
// The AAD binds each ciphertext to where it is stored (table, column, row id), so a
// ciphertext copied onto another row does not decrypt.
const VERSION = 1;
const NONCE = 12;
const TAG = 16;

export function seal(key: Buffer, plaintext: Buffer, aad: string): Buffer {
  const nonce = randomBytes(NONCE);
  const cipher = createCipheriv('aes-256-gcm', key, nonce);
  cipher.setAAD(Buffer.from(aad, 'utf8'));
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.from([VERSION]), nonce, cipher.getAuthTag(), body]);
}

/** Returns null when the key is wrong, the AAD differs or the bytes were changed. */
export function open(key: Buffer, sealed: Buffer, aad: string): Buffer | null {
  if (sealed.length < 1 + NONCE + TAG || sealed[0] !== VERSION) return null;
  const nonce = sealed.subarray(1, 1 + NONCE);
  const tag = sealed.subarray(1 + NONCE, 1 + NONCE + TAG);
  const body = sealed.subarray(1 + NONCE + TAG);
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, nonce);
    decipher.setAAD(Buffer.from(aad, 'utf8'));
    decipher.setAuthTag(tag);
    return Buffer.concat([decipher.update(body), decipher.final()]);
  } catch {
    return null;
  }
}
