// The conversations module owns threads and messages across channels, the 24-hour service window, the agent inbox and handoff.
// Its public surface is this file; it is built by the issue that introduces the capability.
export {};
