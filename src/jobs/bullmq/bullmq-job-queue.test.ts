import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_REDIS_URL } from '../../store/testing';
import { openSharedTestDatabase, type SharedTestDatabase } from '../shared-test-database';
import { createJobQueue } from '..';

// What only the BullMQ adapter promises: it fails fast without Redis, keeps to its key prefix, and
// leaves no socket or timer behind once stopped.

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function handles(): { sockets: number; timers: number } {
  const resources = process.getActiveResourcesInfo();
  return {
    sockets: resources.filter((r) => r === 'TCPSocketWrap' || r === 'TCPWRAP').length,
    timers: resources.filter((r) => r === 'Timeout').length,
  };
}

describe('bullmq job queue', () => {
  let t: SharedTestDatabase;
  let redis: Redis;
  const prefix = `filo-test-${randomBytes(6).toString('hex')}`;

  beforeAll(async () => {
    t = await openSharedTestDatabase('sqlite');
    redis = new Redis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await t.dispose();
  });

  it('fails with JOB_QUEUE_UNAVAILABLE when Redis does not answer', async () => {
    await expect(
      createJobQueue({ store: t.store, redisUrl: 'redis://127.0.0.1:1', prefix: 'unreachable' }),
    ).rejects.toMatchObject({ code: 'JOB_QUEUE_UNAVAILABLE', statusCode: 503 });
  });

  it('keeps every key under its prefix and leaves no socket or timer open after stop()', async () => {
    const before = handles();
    const queue = await createJobQueue({ store: t.store, redisUrl: TEST_REDIS_URL, prefix, leaseMs: 500 });
    let runs = 0;
    queue.register('tidy.up', async () => {
      runs += 1;
    });
    await queue.schedule({ id: 'tidy', name: 'tidy.up', everyMs: 60_000 });
    await queue.start();
    await queue.enqueue('tidy.up', { n: 1 }, { delayMs: 10 });
    const deadline = Date.now() + 5_000;
    while (runs < 2 && Date.now() < deadline) await sleep(10);
    expect(runs).toBe(2);
    await queue.stop();

    const keys = await redis.keys(`${prefix}:*`);
    expect(keys.length).toBeGreaterThan(0);
    expect(keys.every((key) => key.startsWith(`${prefix}:tidy.up:`) || key === `${prefix}:_filo:names`)).toBe(
      true,
    );

    const settleBy = Date.now() + 2_000;
    while (Date.now() < settleBy) {
      const now = handles();
      if (now.sockets <= before.sockets && now.timers <= before.timers) break;
      await sleep(20);
    }
    expect(handles().sockets).toBeLessThanOrEqual(before.sockets);
    expect(handles().timers).toBeLessThanOrEqual(before.timers);
  });
});
