// The demo organisation that `npm start` seeds: what a newcomer sees on first start.
export { seedDemo, DEMO_PASSWORD, DEMO_USERS, type SeedResult } from './seed';
