/** Types of build.mjs (a plain script, so `npm run build:bridge` needs no TypeScript loader). */
export declare const BRIDGE_BUNDLE: string;
export declare function buildBridge(): Promise<string>;
