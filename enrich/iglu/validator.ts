// Validation of self-describing JSON against its Iglu schema with ajv in draft-04 mode (Iglu schemas are
// draft-04 with a `self` block). Compiled validators are cached by schema URI. Failures take the shape of
// schema_violations messages: `{schemaKey, error: {error: "ValidationError", dataReports}}` or a ResolutionError.

// Both packages are CommonJS whose `module.exports` also carries itself as `.default`; `.default` is the one
// spelling that is right both for the type checker (NodeNext) and at run time.
const AjvDraft04 = ajvDraft04.default;
const addFormats = ajvFormats.default;

import ajvDraft04 from 'ajv-draft-04';
import type { ErrorObject, ValidateFunction } from 'ajv';
import ajvFormats from 'ajv-formats';
import type { Resolver } from './resolver.ts';

export interface DataReport {
  message: string;
  path: string;
  keyword: string;
  targets: unknown[];
}

export type ValidationFailure =
  | { schemaKey: string; error: { error: 'ValidationError'; dataReports: DataReport[] } }
  | { schemaKey: string; error: { error: 'ResolutionError'; lookupHistory: unknown[] } }
  | { schemaKey: string; error: { error: 'InvalidSchema'; message: string } };

function jsonPath(instancePath: string): string {
  if (instancePath === '') return '$';
  return '$' + instancePath.split('/').slice(1).map((part) => (/^\d+$/.test(part) ? `[${part}]` : `.${part.replace(/~1/g, '/').replace(/~0/g, '~')}`)).join('');
}

function targetsOf(error: ErrorObject): unknown[] {
  const params = error.params as Record<string, unknown>;
  switch (error.keyword) {
    case 'required':
      return [params.missingProperty];
    case 'additionalProperties':
      return [params.additionalProperty];
    case 'type':
      return [params.type];
    case 'enum':
      return (params.allowedValues as unknown[]) ?? [];
    default:
      return Object.values(params);
  }
}

export function dataReports(errors: readonly ErrorObject[]): DataReport[] {
  return errors.map((error) => {
    const path = jsonPath(error.instancePath);
    const extra = error.keyword === 'additionalProperties' ? ` (${String((error.params as { additionalProperty: string }).additionalProperty)})` : '';
    return { message: `${path}: ${error.message ?? error.keyword}${extra}`, path, keyword: error.keyword, targets: targetsOf(error) };
  });
}

type Compiled = { kind: 'compiled'; validate: ValidateFunction } | { kind: 'failed'; failure: ValidationFailure };

export class SchemaValidator {
  private readonly ajv: InstanceType<typeof AjvDraft04>;
  private readonly compiled = new Map<string, Compiled>();

  constructor(private readonly resolver: Resolver) {
    this.ajv = new AjvDraft04({ strict: false, allErrors: true, validateSchema: false, addUsedSchema: false });
    addFormats(this.ajv);
  }

  private compile(uri: string): Compiled | null {
    const cached = this.compiled.get(uri);
    if (cached !== undefined) return cached;
    const resolution = this.resolver.resolveSync(uri);
    if (resolution.kind === 'pending') {
      return { kind: 'failed', failure: { schemaKey: uri, error: { error: 'ResolutionError', lookupHistory: resolution.lookupHistory } } };
    }
    let entry: Compiled;
    if (resolution.kind === 'missing') {
      entry = { kind: 'failed', failure: { schemaKey: uri, error: { error: 'ResolutionError', lookupHistory: resolution.lookupHistory } } };
    } else {
      const { $schema: _metaSchema, self: _self, ...schema } = resolution.schema;
      try {
        entry = { kind: 'compiled', validate: this.ajv.compile(schema) };
      } catch (error) {
        entry = { kind: 'failed', failure: { schemaKey: uri, error: { error: 'InvalidSchema', message: (error as Error).message } } };
      }
    }
    this.compiled.set(uri, entry);
    return entry;
  }

  /** Validates `data` against the schema `uri`; null when valid. */
  validate(uri: string, data: unknown): ValidationFailure | null {
    const compiled = this.compile(uri);
    if (compiled === null) return null;
    if (compiled.kind === 'failed') return compiled.failure;
    if (compiled.validate(data)) return null;
    return { schemaKey: uri, error: { error: 'ValidationError', dataReports: dataReports(compiled.validate.errors ?? []) } };
  }

  /** Forgets cached compilations (after pending HTTP lookups were fetched). */
  forgetUnresolved(): void {
    for (const [uri, entry] of this.compiled) if (entry.kind === 'failed') this.compiled.delete(uri);
  }
}
