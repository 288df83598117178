import type { AppConfig } from '@app/core';
import { TokenService } from './token.service';

const config = {
  jwtSecret: 'a-test-secret-of-at-least-thirty-two-characters',
  JWT_ISSUER: 'model-adoption-governance',
  JWT_TTL_SECONDS: 60,
  oidc: null,
} as unknown as AppConfig;

/** Fakes the clock only (Date), so that jose's own promises and timers run as usual. */
function fakeClock(now: Date) {
  jest.useFakeTimers({
    doNotFake: [
      'nextTick',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
    now,
  });
}

describe(TokenService.name, () => {
  const start = new Date('2026-06-01T12:00:00Z');
  afterEach(() => jest.useRealTimers());

  it('accepts a token it issued as many times as it is shown, until it expires', async () => {
    fakeClock(start);
    const sut = new TokenService(config);
    const { accessToken, expiresAt } = await sut.issue('user-1', 'org-1');
    await expect(sut.verify(accessToken)).resolves.toEqual({ kind: 'user', userId: 'user-1' });
    jest.setSystemTime(expiresAt.getTime() - 1000);
    await expect(sut.verify(accessToken)).resolves.toEqual({ kind: 'user', userId: 'user-1' });
    // Verified before, and remembered: refused all the same from the second it expires.
    jest.setSystemTime(expiresAt.getTime());
    await expect(sut.verify(accessToken)).rejects.toThrow('The access token has expired');
    await expect(sut.verify(accessToken)).rejects.toThrow('The access token has expired');
  });

  it('refuses a token altered after a genuine one was verified', async () => {
    const sut = new TokenService(config);
    const { accessToken } = await sut.issue('user-1', 'org-1');
    await sut.verify(accessToken);
    const [header, , signature] = accessToken.split('.');
    const claims = Buffer.from(
      JSON.stringify({ org: 'org-1', sub: 'user-2', iss: config.JWT_ISSUER, exp: 4_000_000_000 }),
    ).toString('base64url');
    await expect(sut.verify(`${header}.${claims}.${signature}`)).rejects.toThrow('Invalid access token');
    await expect(sut.verify(`${accessToken}x`)).rejects.toThrow('Invalid access token');
  });

  it('refuses a token signed with another secret', async () => {
    const other = new TokenService({
      ...config,
      jwtSecret: 'another-secret-of-at-least-thirty-two-chars',
    } as AppConfig);
    const { accessToken } = await other.issue('user-1', 'org-1');
    await other.verify(accessToken);
    await expect(new TokenService(config).verify(accessToken)).rejects.toThrow('Invalid access token');
  });
});
