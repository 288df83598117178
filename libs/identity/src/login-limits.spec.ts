import { ErrorCode, loadConfig, RateLimitedError } from '@app/core';
import { addressKey, LoginLimits } from './login-limits';

describe(addressKey.name, () => {
  it.each([
    ['203.0.113.7', '203.0.113.7'],
    ['::ffff:203.0.113.7', '203.0.113.7'],
    ['2001:db8:1:2::9', '2001:db8:1:2::/64'],
    ['2001:0db8:0001:0002:ffff:0:0:1', '2001:db8:1:2::/64'],
    ['2001:db8::1', '2001:db8:0:0::/64'],
    ['::1', '0:0:0:0::/64'],
  ])('counts %s under %s', (address, key) => {
    expect(addressKey(address)).toBe(key);
  });
});

describe(LoginLimits.name, () => {
  const sut = () => new LoginLimits(loadConfig({ LOGIN_MAX_CONCURRENT: '2' }));

  it('runs at most LOGIN_MAX_CONCURRENT verifications at once, queues 4 per slot, refuses beyond', async () => {
    const limits = sut();
    let running = 0;
    let highest = 0;
    const releases: Array<() => void> = [];
    const work = () => {
      running++;
      highest = Math.max(highest, running);
      return new Promise<void>((resolve) =>
        releases.push(() => {
          running--;
          resolve();
        }),
      );
    };
    const admitted = Array.from({ length: 2 + 8 }, () => limits.verify(work));
    await expect(limits.verify(work)).rejects.toThrow(RateLimitedError);
    await expect(limits.verify(work)).rejects.toMatchObject({
      code: ErrorCode.RATE_LIMITED,
      details: { retryAfterSeconds: 1 },
    });
    // Release one at a time: each finished verification hands its slot to the next in line.
    while (releases.length) {
      releases.shift()!();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await Promise.all(admitted);
    expect(highest).toBe(2);
    expect(running).toBe(0);
    await expect(limits.verify(async () => 'free again')).resolves.toBe('free again');
  });

  it('frees the slot when a verification fails', async () => {
    const limits = sut();
    await expect(limits.verify(() => Promise.reject(new Error('argon2 failed')))).rejects.toThrow('argon2 failed');
    await expect(limits.verify(async () => 1)).resolves.toBe(1);
    await expect(limits.verify(async () => 2)).resolves.toBe(2);
  });
});
