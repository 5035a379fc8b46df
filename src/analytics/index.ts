// The analytics module owns RFM scores, lapse risk, attribution of gifts to messages, funnels.
// Its public surface is this file; it is built by the issue that introduces the capability.
export {};
