import { createRequire } from 'node:module';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import type { Logger } from 'pino';

/** Where the explorer's files are served from (GET /graphql itself serves its page). */
export const EXPLORER_ASSETS_PATH = '/explorer';

/**
 * The policy of the explorer's page and files only; every other answer keeps the API's policy that allows
 * nothing. Scripts come from this server alone (no inline script: the start-up options are a file too);
 * styles may be inline because the explorer's components insert their own; nothing may frame the page.
 */
export const EXPLORER_CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "frame-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** The page's own sandbox frame, where the explorer runs the user's pre- and post-request scripts. */
const SANDBOX_FRAME_POLICY = [
  'sandbox allow-scripts',
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "frame-ancestors 'self'",
].join('; ');

const INITIAL_OPTIONS_FILE = 'initial-options.js';

/** What the editor shows when opened: how to sign in as a demo user. */
const INITIAL_QUERY = `# Development explorer of the model adoption governance API (not served in production).
# 1. Send this mutation: any demo user of the README, password demo-password unless DEMO_PASSWORD is set.
# 2. Copy data.login.accessToken; in the Auth tab choose "Bearer Token" and paste it.
# 3. Then, for example:
#    { me { email roles expertise } myQueue { reference status approvalProgress { missingApprovals missingExpertise requiredConditions } } }
mutation Login {
  login(email: "requester@example.org", password: "demo-password") {
    accessToken
    expiresAt
  }
}
`;

type AltairStatic = typeof import('altair-static');

/**
 * Serves the Altair GraphQL explorer from the `altair-static` package's own files (no CDN: it works
 * offline): its page at `GET /graphql` when a browser asks for HTML, its files under `/explorer/`. Every
 * other request to /graphql (POST, or GET asking for JSON) reaches the GraphQL server unchanged, CSRF
 * prevention included. Called outside production only; `altair-static` is a development dependency, so
 * an install without them runs without the explorer (with a warning).
 */
export function serveExplorer(app: INestApplication, graphqlPath: string, logger: Logger): boolean {
  let altair: AltairStatic;
  try {
    altair = createRequire(__filename)('altair-static') as AltairStatic;
  } catch {
    logger.warn('the GraphQL explorer is not available: the development dependencies are not installed');
    return false;
  }
  const page = altair.renderAltair({
    baseURL: `${EXPLORER_ASSETS_PATH}/`,
    serveInitialOptionsInSeperateRequest: INITIAL_OPTIONS_FILE,
  });
  const initialOptions = altair.renderInitSnippet({
    endpointURL: graphqlPath,
    initialName: 'Model adoption governance',
    initialQuery: INITIAL_QUERY,
    initialSettings: {
      'alert.disableUpdateNotification': true,
      'banners.disable': true,
      disablePushNotification: true,
    },
  });

  const explorerHeaders = (res: Response) => {
    res.setHeader('Content-Security-Policy', EXPLORER_CONTENT_SECURITY_POLICY);
    res.setHeader('Cache-Control', 'no-store');
  };
  const express = app as NestExpressApplication;
  express.use(graphqlPath, (req: Request, res: Response, next: NextFunction) => {
    // Only a browser's page load: GraphQL over GET (with a query) and every other method pass through.
    if (req.method !== 'GET' || req.path !== '/' || req.query.query !== undefined) return next();
    if (req.accepts(['application/json', 'application/graphql-response+json', 'text/html']) !== 'text/html')
      return next();
    explorerHeaders(res);
    res.type('html').send(page);
  });
  express.use(`${EXPLORER_ASSETS_PATH}/${INITIAL_OPTIONS_FILE}`, (_req: Request, res: Response) => {
    explorerHeaders(res);
    res.type('text/javascript').send(initialOptions);
  });
  express.useStaticAssets(altair.getDistDirectory(), {
    prefix: `${EXPLORER_ASSETS_PATH}/`,
    index: false,
    fallthrough: true,
    setHeaders: (res, path) => {
      if (altair.isSandboxFrame(path)) {
        res.setHeader('Content-Security-Policy', SANDBOX_FRAME_POLICY);
        res.setHeader('X-Frame-Options', 'SAMEORIGIN');
      } else res.setHeader('Content-Security-Policy', EXPLORER_CONTENT_SECURITY_POLICY);
    },
  });
  return true;
}
