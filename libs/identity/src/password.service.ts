import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** argon2id with the library's defaults (m=64 MiB, t=3, p=4), per OWASP's password storage guidance. */
@Injectable()
export class PasswordService {
  /** Verified against when the email is unknown, so both failures take the same time. */
  private readonly dummy = argon2.hash('not-a-real-password', { type: argon2.argon2id });

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
      return await argon2.verify(hash ?? (await this.dummy), password);
    } catch {
      return false;
    }
  }
}
