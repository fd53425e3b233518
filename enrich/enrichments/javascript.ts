// The JavaScript enrichment (reference: snowplow-modern.md §4.2 step 21): a user function
// `process(event, params, headers)` run in a `node:vm` context with a time limit per call. `event` holds every
// field by name (timestamps in ms, JSON fields as text) plus `event.drop()`; the function may change fields and
// return self-describing JSON entities for `derived_contexts`. Data crosses the context boundary only as JSON
// text. node:vm is not a security boundary: the script is trusted configuration, like the config file itself.

import { readFile } from 'node:fs/promises';
import { Script, createContext } from 'node:vm';
import { ENRICHED_FIELDS } from '../model/fields.ts';
import type { EnrichedEvent } from '../model/enriched-event.ts';
import type { Enrichment, EnrichmentContext, EnrichmentFailureMessage } from '../pipeline/enrichment.ts';
import { isFormattableTimestamp } from '../model/timestamp.ts';
import { CONTEXTS_CRITERION, UNSTRUCT_CRITERION, IGLU_URI, type SelfDescribing } from '../pipeline/self-describing.ts';
import type { EnrichmentsConfig } from './config.ts';

const SCHEMA_KEY = 'iglu:com.snowplowanalytics.snowplow/javascript_script_config/jsonschema/1-0-0';
const IDENTIFIER = 'javascript';

const RUN_SOURCE = `(function () {
  var input = JSON.parse(__snowlineInput);
  var dropped = false;
  var event = input.event;
  Object.defineProperty(event, 'drop', { value: function () { dropped = true; }, enumerable: false });
  var result = process(event, __snowlineParams, input.headers);
  return JSON.stringify({ event: event, result: result === undefined ? null : result, dropped: dropped });
})()`;

function failure(message: string): EnrichmentFailureMessage[] {
  return [{ enrichment: { schemaKey: SCHEMA_KEY, identifier: IDENTIFIER }, message: { error: message } }];
}

function isSelfDescribing(value: unknown): value is SelfDescribing {
  return typeof value === 'object' && value !== null && typeof (value as SelfDescribing).schema === 'string' && 'data' in value && IGLU_URI.test((value as SelfDescribing).schema);
}

/** Copies the fields the script changed back into the event, checking each against its kind. */
function applyChanges(event: EnrichedEvent, changed: Record<string, unknown>, context: EnrichmentContext): string | null {
  const fields = event as unknown as Record<string, unknown>;
  for (const spec of ENRICHED_FIELDS) {
    const before = fields[spec.name];
    const after = changed[spec.name] === undefined ? null : changed[spec.name];
    if (after === before) continue;
    if (after !== null) {
      const ok =
        spec.kind === 'int' || spec.kind === 'double'
          ? typeof after === 'number' && Number.isFinite(after) && (spec.kind === 'double' || Number.isInteger(after))
          : spec.kind === 'bool'
            ? typeof after === 'boolean'
            : spec.kind === 'timestamp'
              ? typeof after === 'number' && isFormattableTimestamp(after)
              : typeof after === 'string';
      if (!ok) return `the script set ${spec.name} to ${JSON.stringify(after)}, not a valid ${spec.kind}`;
    }
    if (spec.name === 'contexts' || spec.name === 'unstruct_event') {
      const problem = applyJsonField(spec.name, after as string | null, context);
      if (problem !== null) return problem;
      continue;
    }
    if (spec.name === 'derived_contexts') return 'the script cannot set derived_contexts: return entities instead';
    fields[spec.name] = after === '' ? null : after;
  }
  return null;
}

function applyJsonField(name: 'contexts' | 'unstruct_event', text: string | null, context: EnrichmentContext): string | null {
  context.revalidate = true;
  if (text === null) {
    if (name === 'contexts') context.contexts = [];
    else context.unstruct = null;
    return null;
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return `the script set ${name} to text that is not JSON`;
  }
  if (name === 'contexts') {
    const data = (json as { data?: unknown }).data;
    if (!isSelfDescribing(json) || !Array.isArray(data) || !data.every(isSelfDescribing)) {
      return `the script set contexts to something other than a ${CONTEXTS_CRITERION} wrapper of entities`;
    }
    context.contexts = data.map((entity) => ({ schema: entity.schema, data: entity.data }));
  } else {
    const inner = (json as { data?: unknown }).data;
    if (!isSelfDescribing(json) || !isSelfDescribing(inner)) return `the script set unstruct_event to something other than a ${UNSTRUCT_CRITERION} wrapper`;
    context.unstruct = { schema: inner.schema, data: inner.data };
  }
  return null;
}

export async function javascriptEnrichment(config: EnrichmentsConfig['javascript']): Promise<Enrichment> {
  const source = config.script ?? (config.scriptPath === null ? null : await readFile(config.scriptPath, 'utf8'));
  if (source === null) throw new Error('enrichments.javascript: set scriptPath or script');
  const sandbox = createContext({ __snowlineInput: '', __snowlineParams: null });
  new Script(`__snowlineParams = JSON.parse(${JSON.stringify(JSON.stringify(config.parameters))});`).runInContext(sandbox);
  new Script(source, { filename: config.scriptPath ?? 'javascript-enrichment.js' }).runInContext(sandbox, { timeout: config.timeoutMs * 10 });
  if (new Script('typeof process').runInContext(sandbox) !== 'function') {
    throw new Error('enrichments.javascript: the script must define function process(event, params, headers)');
  }
  const run = new Script(RUN_SOURCE, { filename: 'snowline-javascript-enrichment-call.js' });
  return {
    identifier: IDENTIFIER,
    schemaKey: SCHEMA_KEY,
    apply(event, context) {
      sandbox.__snowlineInput = JSON.stringify({ event, headers: context.raw.payload.headers });
      let output: string;
      try {
        output = run.runInContext(sandbox, { timeout: config.timeoutMs }) as string;
      } catch (error) {
        const message = (error as Error)?.message ?? String(error);
        return failure(/timed out/i.test(message) ? `process() ran longer than ${config.timeoutMs} ms` : `process() threw: ${message}`);
      }
      const { event: changed, result, dropped } = JSON.parse(output) as { event: Record<string, unknown>; result: unknown; dropped: boolean };
      if (dropped) {
        context.dropped = true;
        return null;
      }
      const problem = applyChanges(event, changed, context);
      if (problem !== null) return failure(problem);
      if (result !== null) {
        if (!Array.isArray(result) || !result.every(isSelfDescribing)) return failure('process() must return an array of self-describing JSON entities (or nothing)');
        for (const entity of result) context.derivedContexts.push({ schema: entity.schema, data: entity.data });
      }
      return null;
    },
  };
}
