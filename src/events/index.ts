// The events module owns virtual events (registration, activity logging, leaderboards) and peer-to-peer pages.
// Its public surface is this file; it is built by the issue that introduces the capability.
export {};
