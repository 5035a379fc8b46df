import { describe, expect, it } from 'vitest';
import { SenderPacer, type PacerAttempt, type PacerSlot } from './pacer';

function slotOf(attempt: PacerAttempt): PacerSlot {
  if (attempt.slot === null) throw new Error(`no slot (wait ${String(attempt.waitMs)})`);
  return attempt.slot;
}

describe('SenderPacer', () => {
  it('gives `rate` slots at once, then none while they are all in flight', () => {
    let now = 0;
    const pacer = new SenderPacer({ rate: 3, now: () => now });
    const slots = [1, 2, 3].map(() => slotOf(pacer.tryAcquire('n1')));
    expect(slots).toHaveLength(3);
    // Nothing completed: only a completion can help, whenever it comes.
    expect(pacer.tryAcquire('n1')).toEqual({ slot: null, waitMs: null });
    now = 5_000;
    expect(pacer.tryAcquire('n1')).toEqual({ slot: null, waitMs: null });
  });

  it('holds a slot for the window after the send completes, not after it starts', () => {
    let now = 0;
    const pacer = new SenderPacer({ rate: 2, windowMs: 1_050, now: () => now });
    const a = slotOf(pacer.tryAcquire('n1'));
    const b = slotOf(pacer.tryAcquire('n1'));
    now = 400; // a slow answer: the provider may have counted it as late as this
    a.release();
    now = 900;
    b.release();
    expect(pacer.tryAcquire('n1')).toEqual({ slot: null, waitMs: 550 }); // 400 + 1,050 − 900
    now = 1_449;
    expect(pacer.tryAcquire('n1').slot).toBeNull();
    now = 1_450;
    slotOf(pacer.tryAcquire('n1'));
    expect(pacer.tryAcquire('n1')).toEqual({ slot: null, waitMs: 500 }); // b: 900 + 1,050 − 1,450
  });

  it('counts a send in flight and completed ones together', () => {
    let now = 0;
    const pacer = new SenderPacer({ rate: 3, windowMs: 1_000, now: () => now });
    const a = slotOf(pacer.tryAcquire('n1'));
    slotOf(pacer.tryAcquire('n1'));
    const c = slotOf(pacer.tryAcquire('n1'));
    now = 100;
    a.release();
    now = 200;
    c.release();
    // One in flight, two completed (at 100 and 200): one of those must leave the window first.
    expect(pacer.tryAcquire('n1')).toEqual({ slot: null, waitMs: 900 });
    a.release(); // a second release is ignored
    expect(pacer.tryAcquire('n1')).toEqual({ slot: null, waitMs: 900 });
  });

  it('keeps numbers apart, and a number may have its own rate', () => {
    const now = 0;
    const pacer = new SenderPacer({ rate: 1, now: () => now });
    pacer.setRate('n2', 2);
    slotOf(pacer.tryAcquire('n1'));
    expect(pacer.tryAcquire('n1').slot).toBeNull();
    slotOf(pacer.tryAcquire('n2'));
    slotOf(pacer.tryAcquire('n2'));
    expect(pacer.tryAcquire('n2').slot).toBeNull();
    expect(() => pacer.setRate('n3', 0)).toThrow(RangeError);
    expect(() => new SenderPacer({ rate: 1, windowMs: 999 })).toThrow(RangeError);
  });

  it('acquire waits for a completion and then for the window, and gives up when aborted', async () => {
    const pacer = new SenderPacer({ rate: 1, windowMs: 1_000 });
    const first = await pacer.acquire('n1');
    let second: PacerSlot | null = null;
    const started = performance.now();
    const waiting = pacer.acquire('n1').then((slot) => {
      second = slot;
      return slot;
    });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(second).toBeNull();
    first.release();
    const released = performance.now();
    (await waiting).release();
    expect(performance.now() - released).toBeGreaterThanOrEqual(990);
    expect(performance.now() - started).toBeGreaterThanOrEqual(1_040);

    const controller = new AbortController();
    const aborted = pacer.acquire('n1', controller.signal);
    controller.abort(new Error('job cancelled'));
    await expect(aborted).rejects.toThrow('job cancelled');
  });
});
