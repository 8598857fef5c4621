// Where the repository's own copies of real-world client configs live. Tests copy them
// into a temporary directory; nothing in the repository reads a path outside it.
import { fileURLToPath } from 'node:url';

export const FIXTURES = fileURLToPath(new URL('../fixtures/client-configs', import.meta.url));
