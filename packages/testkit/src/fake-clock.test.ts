import { describe, expect, it } from 'vitest';
import { createFakeClock } from './fake-clock.js';

const start = Date.parse('2026-01-05T09:00:00Z');

describe('createFakeClock', () => {
  it('jumps time to a lone sleeper’s wake-up moment', async () => {
    const clock = createFakeClock({ start });

    await clock.sleep(60_000);

    expect(clock.now()).toBe(start + 60_000);
  });

  it('wakes concurrent sleepers in order of their wake-up time', async () => {
    const clock = createFakeClock({ start });
    const woke: string[] = [];

    await Promise.all([
      clock.sleep(3_000).then(() => woke.push(`b@${clock.now() - start}`)),
      clock.sleep(1_000).then(() => woke.push(`a@${clock.now() - start}`)),
    ]);

    expect(woke).toEqual(['a@1000', 'b@3000']);
  });

  it('holds sleepers until advanced when auto-advance is off', async () => {
    const clock = createFakeClock({ start, autoAdvance: false });
    let woke = false;
    const sleeping = clock.sleep(500).then(() => {
      woke = true;
    });

    await clock.advance(499);
    expect(woke).toBe(false);
    expect(clock.pendingSleeps()).toBe(1);

    await clock.advance(1);
    await sleeping;
    expect(woke).toBe(true);
  });

  it('never moves backwards', async () => {
    const clock = createFakeClock({ start });

    await clock.set(start - 10_000);

    expect(clock.now()).toBe(start);
  });
});
