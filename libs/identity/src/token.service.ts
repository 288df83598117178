import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG, UnauthenticatedError } from '@app/core';
import type { AppConfig } from '@app/core';

/** Who a verified token speaks for: one of our users by id, or an OIDC identity by email. */
export type TokenSubject = { kind: 'user'; userId: string } | { kind: 'oidc'; email: string };

/** How many verified service tokens are remembered (about 300 bytes each); the oldest go first. */
export const VERIFIED_TOKENS_KEPT = 10_000;

/**
 * Issues the service's access tokens (HS256 JWTs signed with JWT_SECRET, expiring after JWT_TTL_SECONDS)
 * and verifies them, or tokens of the configured OIDC issuer against its JWKS.
 *
 * A service token's verdict depends on nothing but its bytes, the secret and the clock (signature, issuer,
 * expiry), so a token verified once is remembered until it expires and its next uses skip the HMAC and the
 * JSON decoding. This says only that the token is genuine: whether its user may still act (active, which
 * roles) is read from the user's row on every request (AuthService.authenticate). OIDC tokens are verified
 * every time, since their issuer may withdraw a signing key.
 */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | null;
  /** Verified service tokens: the user id, and the expiry in seconds since the epoch (the JWT's `exp`). */
  private readonly verified = new Map<string, { userId: string; exp: number }>();

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.key = new TextEncoder().encode(config.jwtSecret);
    this.jwks = config.oidc ? createRemoteJWKSet(new URL(config.oidc.jwksUrl)) : null;
  }

  async issue(userId: string, organisationId: string): Promise<{ accessToken: string; expiresAt: Date }> {
    const expiresAt = new Date(Date.now() + this.config.JWT_TTL_SECONDS * 1000);
    const accessToken = await new SignJWT({ org: organisationId })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
      .setSubject(userId)
      .setIssuer(this.config.JWT_ISSUER)
      .setIssuedAt()
      .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
      .sign(this.key);
    return { accessToken, expiresAt };
  }

  async verify(token: string): Promise<TokenSubject> {
    const known = this.verified.get(token);
    if (known) {
      // jose's rule: expired once the current second reaches `exp`.
      if (Math.floor(Date.now() / 1000) < known.exp) return { kind: 'user', userId: known.userId };
      this.verified.delete(token);
    }
    const issuer = this.peekIssuer(token);
    try {
      if (this.config.oidc && this.jwks && issuer === this.config.oidc.issuer) {
        const { payload } = await jwtVerify(token, this.jwks, {
          issuer: this.config.oidc.issuer,
          audience: this.config.oidc.audience,
        });
        const email = typeof payload.email === 'string' ? payload.email : null;
        if (!email) throw new UnauthenticatedError('The identity token carries no email');
        return { kind: 'oidc', email };
      }
      const { payload } = await jwtVerify(token, this.key, { issuer: this.config.JWT_ISSUER, algorithms: ['HS256'] });
      if (!payload.sub) throw new UnauthenticatedError('Invalid access token');
      this.remember(token, payload.sub, payload.exp);
      return { kind: 'user', userId: payload.sub };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof errors.JWTExpired) throw new UnauthenticatedError('The access token has expired');
      throw new UnauthenticatedError('Invalid access token');
    }
  }

  /** Keeps a verified token until its expiry (only one that has one), dropping the oldest beyond the bound. */
  private remember(token: string, userId: string, exp: number | undefined) {
    if (exp === undefined) return;
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) {
      this.verified.delete(this.verified.keys().next().value as string);
    }
    this.verified.set(token, { userId, exp });
  }

  private peekIssuer(token: string): string | undefined {
    try {
      const body = token.split('.')[1] ?? '';
      return (JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as JWTPayload).iss;
    } catch {
      return undefined;
    }
  }
}
