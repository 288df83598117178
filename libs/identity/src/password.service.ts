import { Injectable } from '@nestjs/common';
import argon2 from 'argon2';

/** argon2id with the library's defaults (m=64 MiB, t=3, p=4), per OWASP's password storage guidance. */
@Injectable()
export class PasswordService {
  /** Verified against when the email is unknown, so both failures take the same time. */
  private readonly dummy = argon2.hash('not-a-real-password', { type: argon2.argon2id });

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
