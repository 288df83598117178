import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import compression from 'compression';
import type { Logger } from 'pino';

/** Paths the service answers itself: never the console's page. */
const SERVICE_PATHS = /^\/(graphql|audit|health|ready|explorer)(\/|$)/;

/** The placeholder `npm run web:build` leaves in the page for the nonce of each answer (vite.config.mts). */
const NONCE_PLACEHOLDER = /__CSP_NONCE__/g;

/**
 * The console's policy: scripts and styles from this server only, plus the `<style>` elements that carry
 * the page's nonce (the component library writes its theme into one); requests to this server only;
 * nothing may frame the page, change its base or post a form elsewhere. Every other answer keeps the
 * API's policy that allows nothing.
 */
export function consoleContentSecurityPolicy(nonce: string): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'nonce-${nonce}'`,
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "manifest-src 'self'",
    "base-uri 'none'",
    "form-action 'self'",
    "frame-ancestors 'none'",
    "object-src 'none'",
  ].join('; ');
}

/** dist/web of the checkout this file runs from (compiled under dist/, or from source under ts-jest). */
export function consoleAssetsDir(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json')) && dirname(dir) !== dir) dir = dirname(dir);
  return join(dir, 'dist', 'web');
}

/**
 * Serves the web console (apps/web, built by `npm run build` into dist/web) at `/`: its files with the
 * console's policy (hashed names under /assets/ cached for a year), and its page, with a fresh nonce, for
 * every other address a browser opens that is not the service's own (so that /requests/… can be reloaded
 * or bookmarked). Without a build the service runs without a console and says so.
 */
export function serveConsole(app: INestApplication, logger: Logger, dir = consoleAssetsDir()): boolean {
  const pageFile = join(dir, 'index.html');
  if (!existsSync(pageFile)) {
    logger.warn(`the web console is not available: ${pageFile} is missing (npm run build makes it)`);
    return false;
  }
  const page = readFileSync(pageFile, 'utf8');
  const express = app as NestExpressApplication;
  // The console's page and files compressed (brotli or gzip, as the browser accepts); the API's answers are
  // not touched here. Slow links are where these users work.
  const compress = compression({ threshold: 1024 });
  express.use((req: Request, res: Response, next: NextFunction) => {
    if ((req.method !== 'GET' && req.method !== 'HEAD') || SERVICE_PATHS.test(req.path)) return next();
    // A file (favicon.svg, assets/…) is the static files' business; the page itself only with its nonce.
    if (req.path !== '/index.html' && /\.[a-z0-9]+$/i.test(req.path)) return next();
    if (req.accepts(['application/json', 'text/html']) !== 'text/html') return next();
    const nonce = randomBytes(16).toString('base64');
    res.setHeader('Content-Security-Policy', consoleContentSecurityPolicy(nonce));
    res.setHeader('Cache-Control', 'no-store');
    compress(req, res, () => res.type('html').send(page.replace(NONCE_PLACEHOLDER, nonce)));
  });
  express.use((req: Request, res: Response, next: NextFunction) =>
    (req.method === 'GET' || req.method === 'HEAD') && !SERVICE_PATHS.test(req.path)
      ? compress(req, res, next)
      : next(),
  );
  express.useStaticAssets(dir, {
    index: false,
    fallthrough: true,
    setHeaders: (res, path) => {
      res.setHeader('Content-Security-Policy', consoleContentSecurityPolicy(randomBytes(16).toString('base64')));
      if (path.includes(`${join(dir, 'assets')}`))
        res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
  return true;
}
