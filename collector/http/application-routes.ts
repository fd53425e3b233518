import express, { type Express } from 'express';
import type { CollectorConfig } from '../config.ts';
import { crossDomainXml, ROBOTS_TXT } from './fixed-responses.ts';

export interface HealthSources {
  /** Null when the spool is writable and under its high-water mark, else why not. */
  sinkProblem(): string | null;
}

/**
 * The express application: health, robots, cross-domain policy, root response, and whatever other stages mount
 * (UI, APIs). Tracking paths never reach it unless they are unknown two-segment vendor paths (webhooks).
 */
export function createApplication(config: CollectorConfig, health: HealthSources): Express {
  const app = express();
  app.disable('x-powered-by');
  app.disable('etag');
  app.get('/health', (_request, response) => {
    response.type('text/plain').send('ok');
  });
  app.get('/sink-health', (_request, response) => {
    const problem = health.sinkProblem();
    if (problem === null) response.type('text/plain').send('ok');
    else response.status(503).type('text/plain').send(`Service Unavailable: ${problem}`);
  });
  app.get('/robots.txt', (_request, response) => {
    response.type('text/plain').send(ROBOTS_TXT);
  });
  if (config.crossDomain.enabled) {
    app.get('/crossdomain.xml', (_request, response) => {
      response.type('text/xml').send(crossDomainXml(config.crossDomain.domains, config.crossDomain.secure));
    });
  }
  if (config.rootResponse.enabled) {
    app.get('/', (_request, response) => {
      response.status(config.rootResponse.statusCode).set(config.rootResponse.headers).send(config.rootResponse.body);
    });
  }
  return app;
}
