import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { isIP } from 'node:net';
import { join, resolve } from 'node:path';
import { z } from 'zod';
import { parseAuditSigningKey } from './audit-signing-key';
import { readOrCreateSecret } from './local-secrets';
import { incompatibleRolesSetting, trustProxySetting } from './access-settings';

/**
 * Signing secrets that were published in the source code of earlier versions (anyone could mint tokens
 * with them): refused as JWT_SECRET everywhere. Without JWT_SECRET the embedded database keeps a secret
 * generated for its data folder instead (see loadConfig).
 */
export const REFUSED_JWT_SECRETS: readonly string[] = ['development-only-signing-secret-change-me-0000'];

/** Where the embedded database's generated secrets are kept, in DATA_DIR (mode 0600). */
export const GENERATED_SECRET_FILES = { jwtSecret: 'jwt-secret', auditSigningKey: 'audit-signing-key.pem' } as const;

const boolean = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'])
  .transform((v) => v === 'true' || v === '1' || v === 'yes');

const optionalUrl = z.url().optional();

/** An RFC 1123 host name (an IP address is checked with node:net). */
const HOST_NAME = /^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/i;

/**
 * Every setting the service reads, validated once at start-up.
 * A missing or malformed value stops the process with a message naming the variable.
 */
export const configSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'test', 'production']).default('development'),
    PORT: z.coerce.number().int().min(0).max(65535).default(3000),
    // Loopback unless told otherwise: a development instance is not reachable from the network by accident.
    HOST: z
      .string()
      .refine(
        (v) => isIP(v) !== 0 || HOST_NAME.test(v),
        'must be an IP address (0.0.0.0 for every interface) or a host name',
      )
      .default('127.0.0.1'),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z
      .string()
      .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// or postgresql:// connection URL')
      .optional(),
    DATA_DIR: z.string().min(1).default('./.data'),
    // The built web console (npm run build); default dist/web of this checkout.
    CONSOLE_DIR: z.string().min(1).optional(),
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
    // Lists count matching rows exactly up to this many, and give the planner's estimate above (totalCountExact).
    LIST_EXACT_COUNT_LIMIT: z.coerce.number().int().min(1).max(10_000_000).default(1000),
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
    AUDIT_SIGNING_KEY: z
      .string()
      .min(1)
      .superRefine((value, ctx) => {
        try {
          parseAuditSigningKey(value);
        } catch (error) {
          ctx.addIssue({ code: 'custom', message: (error as Error).message });
        }
      })
      .optional(),
    CHECKPOINT_INTERVAL_HOURS: z.coerce
      .number()
      .min(0)
      .max(24 * 31)
      .default(24),
    CONCENTRATION_THRESHOLD: z.coerce.number().gt(0).max(1).default(0.5),
  })
  .superRefine((c, ctx) => {
    if (c.JWT_SECRET && REFUSED_JWT_SECRETS.includes(c.JWT_SECRET)) {
      ctx.addIssue({
        code: 'custom',
        path: ['JWT_SECRET'],
        message: 'is a secret published in the source code of an earlier version: set a secret of your own',
      });
    }
    if (c.NODE_ENV === 'production' && c.SEED_DEMO) {
      ctx.addIssue({
        code: 'custom',
        path: ['SEED_DEMO'],
        message: 'must not be true in production: the demo users have a published password',
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
  constructor(
    readonly problems: string[],
    options?: ErrorOptions,
  ) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`, options);
    this.name = 'ConfigError';
  }
}

export interface LoadConfigOptions {
  /**
   * Whether this process issues and verifies access tokens (the API server: default). The operator CLI
   * does not, so it runs against DATABASE_URL or in production without JWT_SECRET.
   */
  issuesTokens?: boolean;
}

/**
 * Where a token signing secret must come from JWT_SECRET: in production, and wherever several processes
 * share one database (DATABASE_URL), since each must accept the tokens the others sign. Only a process
 * that issues tokens needs it.
 */
const requireJwtSecret = (c: RawConfig, ctx: z.RefinementCtx) => {
  if (c.JWT_SECRET) return;
  const why =
    c.NODE_ENV === 'production'
      ? 'in production'
      : 'with DATABASE_URL (every process sharing the database must sign tokens with the same secret)';
  if (c.NODE_ENV === 'production' || c.DATABASE_URL) {
    ctx.addIssue({
      code: 'custom',
      path: ['JWT_SECRET'],
      message: `must be set ${why}: a random secret of at least 32 characters, e.g. openssl rand -hex 32`,
    });
  }
};

/**
 * Parses an environment into an AppConfig, or throws ConfigError naming each bad variable.
 *
 * Secrets nobody configured: on the embedded database outside production, JWT_SECRET and AUDIT_SIGNING_KEY
 * default to secrets generated once and kept in DATA_DIR (mode 0600), or generated per process with
 * DATA_DIR=memory://. Never a value from the source code.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  { issuesTokens = true }: LoadConfigOptions = {},
): AppConfig {
  const input = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = (issuesTokens ? configSchema.superRefine(requireJwtSecret) : configSchema).safeParse(input);
  if (!parsed.success) {
    throw new ConfigError(parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`));
  }
  const c = parsed.data;
  const embedded = !c.DATABASE_URL;
  const secrets = generatedSecrets(c, embedded);
  return {
    ...c,
    AUDIT_SIGNING_KEY: c.AUDIT_SIGNING_KEY ?? secrets.auditSigningKey(),
    jwtSecret: c.JWT_SECRET ?? secrets.jwtSecret(),
    embedded,
    // The embedded server multiplexes one PGlite session message by message: statements of two
    // connections can interleave there (seen as "portal does not exist" under load), so it gets one
    // connection, and concurrent requests queue for it.
    dbPoolSize: c.DB_POOL_SIZE ?? (embedded ? 1 : 10),
    dbAcquireTimeoutMs: c.DB_ACQUIRE_TIMEOUT_MS ?? (embedded ? 15_000 : 5_000),
    // Never in production, where SEED_DEMO=true is refused: the demo users' password is published.
    seedDemo: c.SEED_DEMO ?? (embedded && c.NODE_ENV !== 'production'),
    motDataDir: resolveMotDataDir(c.MOT_DATA_DIR),
    oidc:
      c.OIDC_ISSUER && c.OIDC_AUDIENCE && c.OIDC_JWKS_URL
        ? { issuer: c.OIDC_ISSUER, audience: c.OIDC_AUDIENCE, jwksUrl: c.OIDC_JWKS_URL }
        : null,
  };
}

/**
 * Makers of the secrets used when none is configured: kept in the embedded database's data folder
 * outside production (so tokens and checkpoints outlive a restart), per process otherwise. A problem with
 * the folder's files is a configuration error naming DATA_DIR.
 */
function generatedSecrets(c: RawConfig, embedded: boolean) {
  const folder = embedded && c.DATA_DIR !== 'memory://' && c.NODE_ENV !== 'production' ? resolve(c.DATA_DIR) : null;
  const kept = (file: string, make: () => string, check: (value: string) => void = () => undefined) => {
    if (!folder) return make();
    const path = join(folder, file);
    try {
      const value = readOrCreateSecret(path, make);
      check(value);
      return value;
    } catch (error) {
      const message = (error as Error).message;
      throw new ConfigError([`DATA_DIR: ${message.includes(path) ? message : `${path} ${message}`}`], { cause: error });
    }
  };
  return {
    jwtSecret: () => kept(GENERATED_SECRET_FILES.jwtSecret, () => randomBytes(48).toString('base64url')),
    // Per process (undefined): the audit signer generates one and says so in its log.
    auditSigningKey: () =>
      folder
        ? kept(
            GENERATED_SECRET_FILES.auditSigningKey,
            () => generateKeyPairSync('ed25519').privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
            (pem) => void parseAuditSigningKey(pem),
          )
        : undefined,
  };
}

/** Where the Model Openness Tool's data folder is looked for when MOT_DATA_DIR is unset. */
export function defaultMotDataDir(): string {
  return resolve(process.cwd(), '..', 'shared', 'data', 'model-openness-tool');
}

/** MOT_DATA_DIR when set; otherwise the default folder (defaultMotDataDir) when it exists. */
function resolveMotDataDir(configured: string | undefined): string | null {
  if (configured) return resolve(configured);
  const fallback = defaultMotDataDir();
  return existsSync(fallback) ? fallback : null;
}
