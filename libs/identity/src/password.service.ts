import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** argon2id with the library's defaults (m=64 MiB, t=3, p=4), per OWASP's password storage guidance. */
@Injectable()
export class PasswordService {
  /**
   * Verified against when the email is unknown, so both failures take the same time: a hash of 32 random bytes, thrown
   * away, made with the same parameters as hash() (password.service.spec.ts holds them equal). Kept as text rather
   * than made at every start, which cost a 64 MiB argon2 run before the first request.
   */
  static readonly DUMMY_HASH =
    '$argon2id$v=19$m=65536,p=4,t=3$meKbW7bTNyJPjANstbxqAg$HjbW56p8v1CFn4rKeetV8O54nA/4IrFcbZ7fTlkzxi0';

  /**
   * Why a chosen password is too weak, or null. Length is what matters most (NIST SP 800-63B: no composition
   * rules); 200 bounds the work argon2 is given. A password built from the address or from a handful of
   * characters repeated is refused too.
   */
  weakness(password: string, email: string): string | null {
    if (password.length < 12 || password.length > 200) return 'password must be 12 to 200 characters';
    const local = email.split('@')[0].toLowerCase();
    if (local.length >= 3 && password.toLowerCase().includes(local)) return 'password must not contain your address';
    if (new Set(password).size < 6) return 'password must use at least 6 different characters';
    return null;
  }

  hash(password: string): Promise<string> {
    return argon2.hash(password, { type: argon2.argon2id });
  }

  async verify(hash: string | null | undefined, password: string): Promise<boolean> {
    try {
      return await argon2.verify(hash ?? PasswordService.DUMMY_HASH, password);
    } catch {
      return false;
    }
  }
}
