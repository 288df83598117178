import { Inject, Injectable } from '@nestjs/common';
import { createRemoteJWKSet, errors, JWTPayload, jwtVerify, SignJWT } from 'jose';
import { APP_CONFIG, UnauthenticatedError } from '@app/core';
import type { AppConfig } from '@app/core';

/** Who a verified token speaks for: one of our users by id, or an OIDC identity by email. */
export type TokenSubject = { kind: 'user'; userId: string } | { kind: 'oidc'; email: string };

/**
 * Issues the service's access tokens (HS256 JWTs signed with JWT_SECRET, expiring after JWT_TTL_SECONDS)
 * and verifies them, or tokens of the configured OIDC issuer against its JWKS.
 */
@Injectable()
export class TokenService {
  private readonly key: Uint8Array;
  private readonly jwks: ReturnType<typeof createRemoteJWKSet> | null;

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
      return { kind: 'user', userId: payload.sub };
    } catch (error) {
      if (error instanceof UnauthenticatedError) throw error;
      if (error instanceof errors.JWTExpired) throw new UnauthenticatedError('The access token has expired');
      throw new UnauthenticatedError('Invalid access token');
    }
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
