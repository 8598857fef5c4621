// Types of the pure parts of electron-native.mjs, for its unit test.
export declare const OUT_DIR: string;
export declare const MODULE: string;
export declare const BINARY: string;
export declare const STAMP: string;
export declare const ELECTRON_HEADERS_URL: string;
export interface Stamp {
  [key: string]: string;
}
export declare function wantedStamp(o: { electronVersion: string; moduleVersion: string; platform: string; arch: string }): Stamp;
export declare function stampMatches(stampText: string | undefined, wanted: Stamp): boolean;
export declare function planNativeBuild(o: {
  root: string;
  electronVersion: string;
  moduleVersion: string;
  platform: string;
  arch: string;
  exists: (file: string) => boolean;
  read: (file: string) => string;
}): { skip: boolean; dest: string; binary: string; stampFile: string; wanted: Stamp };
export declare function nodeGypArgs(o: { electronVersion: string; arch: string; devDir: string }): string[];
export declare function prebuildArgs(o: { electronVersion: string; arch: string; platform: string }): string[];
export declare function buildEnv(env: Record<string, string | undefined>): Record<string, string | undefined>;
export declare function main(): void;
