// Routes a collector payload to its adapter by request path (reference: snowplow-modern.md §4.1 step 2).

import type { CollectorPayload } from '../model/collector-payload.ts';
import type { AdapterResult } from './raw-event.ts';
import { adaptIgluWebhook } from './iglu-webhook.ts';
import { adaptRedirect } from './redirect.ts';
import { adaptTp1 } from './tp1.ts';
import { adaptTp2, type EnvelopeValidator } from './tp2.ts';

export interface AdapterContext {
  readonly validateEnvelope: EnvelopeValidator | null;
}

const PATH_SHAPE = /^\/([^/]+)\/([^/]+)\/?$/;

export function adapt(payload: CollectorPayload, context: AdapterContext): AdapterResult {
  const path = payload.path;
  if (path === '/i' || path.startsWith('/ice.png')) return adaptTp1(payload);
  if (path === '/com.snowplowanalytics.snowplow/tp2') return adaptTp2(payload, context.validateEnvelope);
  if (path === '/r/tp2') return adaptRedirect(payload);
  if (path === '/com.snowplowanalytics.iglu/v1') return adaptIgluWebhook(payload);
  const match = PATH_SHAPE.exec(path);
  const vendor = match?.[1] ?? path;
  const version = match?.[2] ?? '';
  return {
    ok: false,
    failure: {
      kind: 'adapter_failures',
      vendor,
      version,
      messages: [{ field: 'vendor/version', value: `${vendor}/${version}`, expectation: 'vendor/version combination is not supported' }],
    },
  };
}
