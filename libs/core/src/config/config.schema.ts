import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { z } from 'zod';
import { incompatibleRolesSetting, trustProxySetting } from './access-settings';

/** The development signing secret; accepted outside production only, refused in production. */
export const DEVELOPMENT_JWT_SECRET = 'development-only-signing-secret-change-me-0000';

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalUrl = z.url().optional();

/**
 * Every setting the service reads, validated once at start-up.
 * A missing or malformed value stops the process with a message naming the variable.
 */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL')
      .optional(),
    DATA_DIR: z.string().min(1).default('./.data'),
    DB_POOL_SIZE: z.coerce.number().int().min(1).max(100).optional(),
    DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).optional(),
    DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(10_000),
    DB_LOCK_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(5_000),
    DB_IDLE_IN_TRANSACTION_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(30_000),
    REQUEST_TIMEOUT_MS: z.coerce.number().int().min(1000).max(600_000).default(30_000),
    READY_TIMEOUT_MS: z.coerce.number().int().min(100).max(60_000).default(2_000),
    MIGRATIONS_RUN: boolean.default(true),
    SEED_DEMO: boolean.optional(),
    JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    JWT_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(3600),
    JWT_ISSUER: z.string().min(1).default('model-adoption-governance'),
    DEMO_PASSWORD: z.string().min(8, 'must be at least 8 characters').default('demo-password'),
    LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).max(100).default(5),
    LOGIN_LOCK_SECONDS: z.coerce.number().int().min(1).max(86_400).default(900),
    LOGIN_IP_MAX_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(30),
    LOGIN_MAX_CONCURRENT: z.coerce.number().int().min(1).max(256).default(4),
    TRUST_PROXY: trustProxySetting,
    INCOMPATIBLE_ROLES: incompatibleRolesSetting,
    INVITATION_TTL_HOURS: z.coerce
      .number()
      .int()
      .min(1)
      .max(24 * 30)
      .default(72),
    SMTP_URL: z
      .string()
      .regex(/^smtps?:\/\//, 'must be an smtp:// or smtps:// URL')
      .optional(),
    MAIL_FROM: z.string().min(3).default('Model Adoption Governance <no-reply@localhost>'),
    PUBLIC_URL: optionalUrl,
    OIDC_ISSUER: z.string().min(1).optional(),
    OIDC_AUDIENCE: z.string().min(1).optional(),
    OIDC_JWKS_URL: optionalUrl,
    GRAPHQL_MAX_DEPTH: z.coerce.number().int().min(2).max(50).default(10),
    // Calibrated on the product's heaviest screen (100 requests with everything: about 80,000; RELIABILITY.md).
    GRAPHQL_MAX_COMPLEXITY: z.coerce.number().int().min(10).default(100_000),
    GRAPHQL_MAX_ALIASES: z.coerce.number().int().min(1).default(30),
    GRAPHQL_MAX_DIRECTIVES: z.coerce.number().int().min(1).default(50),
    GRAPHQL_MAX_TOKENS: z.coerce.number().int().min(100).max(1_000_000).default(5000),
    GRAPHQL_MAX_RESPONSE_BYTES: z.coerce
      .number()
      .int()
      .min(1024)
      .default(5 * 1024 * 1024),
    MOT_DATA_DIR: z.string().min(1).optional(),
    EXPIRY_INTERVAL_SECONDS: z.coerce.number().int().min(0).max(86_400).default(300),
    AUDIT_SIGNING_KEY: z.string().min(1).optional(),
    CHECKPOINT_INTERVAL_HOURS: z.coerce
      .number()
      .min(0)
      .max(24 * 31)
      .default(24),
    CONCENTRATION_THRESHOLD: z.coerce.number().gt(0).max(1).default(0.5),
  })
  .superRefine((c, ctx) => {
    if (c.NODE_ENV === 'production' && (!c.JWT_SECRET || c.JWT_SECRET === DEVELOPMENT_JWT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'must be set to a secret of your own in production (the development default is refused)',
      });
    }
    if (c.NODE_ENV === 'production' && !c.AUDIT_SIGNING_KEY) {
      ctx.addIssue({
        code: 'custom',
        path: ['AUDIT_SIGNING_KEY'],
        message: 'must be set in production (an Ed25519 private key, PEM or base64 PKCS#8) to sign audit checkpoints',
      });
    }
    if (c.SMTP_URL && !c.PUBLIC_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['PUBLIC_URL'],
        message: 'must be set with SMTP_URL: invitation e-mails link to it',
      });
    }
    const oidc = [c.OIDC_ISSUER, c.OIDC_AUDIENCE, c.OIDC_JWKS_URL].filter((v) => v !== undefined).length;
    if (oidc !== 0 && oidc !== 3) {
      ctx.addIssue({
        code: 'custom',
        path: ['OIDC_ISSUER'],
        message: 'OIDC_ISSUER, OIDC_AUDIENCE and OIDC_JWKS_URL must be set together',
      });
    }
  });

export type RawConfig = z.infer<typeof configSchema>;

/** The validated configuration, with derived values the rest of the service needs. */
export interface AppConfig extends RawConfig {
  jwtSecret: string;
  embedded: boolean;
  dbPoolSize: number;
  /** DB_ACQUIRE_TIMEOUT_MS, or its default: 5 s on PostgreSQL, 15 s on the embedded database's one queued connection. */
  dbAcquireTimeoutMs: number;
  seedDemo: boolean;
  motDataDir: string | null;
  oidc: { issuer: string; audience: string; jwksUrl: string } | null;
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Parses an environment into an AppConfig, or throws ConfigError naming each bad variable. */
export function loadConfig(env: Record<string, string | undefined> = process.env): AppConfig {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = configSchema.safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const c = parsed.data;
  const embedded = !c.DATABASE_URL;
  return {
    ...c,
    jwtSecret: c.JWT_SECRET ?? DEVELOPMENT_JWT_SECRET,
    embedded,
    // The embedded server multiplexes one PGlite session message by message: statements of two
    // connections can interleave there (seen as "portal does not exist" under load), so it gets one
    // connection, and concurrent requests queue for it.
    dbPoolSize: c.DB_POOL_SIZE ?? (embedded ? 1 : 10),
    dbAcquireTimeoutMs: c.DB_ACQUIRE_TIMEOUT_MS ?? (embedded ? 15_000 : 5_000),
    seedDemo: c.SEED_DEMO ?? embedded,
    motDataDir: resolveMotDataDir(c.MOT_DATA_DIR),
    oidc:
      c.OIDC_ISSUER && c.OIDC_AUDIENCE && c.OIDC_JWKS_URL
        ? { issuer: c.OIDC_ISSUER, audience: c.OIDC_AUDIENCE, jwksUrl: c.OIDC_JWKS_URL }
        : null,
  };
}

/** MOT_DATA_DIR when set; otherwise ../shared/data/model-openness-tool when that folder exists. */
function resolveMotDataDir(configured: string | undefined): string | null {
  if (configured) return resolve(configured);
  const fallback = resolve(process.cwd(), '..', 'shared', 'data', 'model-openness-tool');
  return existsSync(fallback) ? fallback : null;
}
