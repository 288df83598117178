import { PasswordService } from './password.service';

/** The part of an argon2 hash that sets its cost: type, version and parameters (m, p, t). */
const costOf = (hash: string) => hash.split('$').slice(1, 4).join('$');

describe('PasswordService', () => {
  const passwords = new PasswordService();

  it('verifies unknown emails against a hash that costs what a real one costs', async () => {
    const real = await passwords.hash('a-password-of-someone');
    expect(costOf(PasswordService.DUMMY_HASH)).toBe(costOf(real));
    expect(costOf(real)).toMatch(/^argon2id\$v=19\$m=\d+,p=\d+,t=\d+$/);
  });

  it('refuses every password for an unknown email, and accepts only the right one for a known one', async () => {
    const hash = await passwords.hash('right horse battery');
    await expect(passwords.verify(undefined, 'not-a-real-password')).resolves.toBe(false);
    await expect(passwords.verify(null, 'anything')).resolves.toBe(false);
    await expect(passwords.verify(hash, 'right horse battery')).resolves.toBe(true);
    await expect(passwords.verify(hash, 'wrong horse battery')).resolves.toBe(false);
  });
});
