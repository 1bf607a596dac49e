/** The bridge channel, extension side: see bridge-client.ts and docs/bridge-protocol.md. */
export { createBridgeClient, type BridgeCall, type BridgeClient, type BridgeClientDeps, type BridgeConfig, type BridgeSocket, type BridgeSocketConstructor } from './bridge-client';
export { canTransitionBridge, type BridgeState, type BridgeStatus } from './bridge-state';
export { tokenCheckUrl, type FetchLike } from './token-check';
