import { z } from 'zod';
import { collectorConfigSchema } from '../config.ts';

// Renders the options of the `collector` config section as Markdown tables, from the zod schema itself (its JSON
// Schema form carries types, defaults and the `.describe()` texts), so docs/collector.md cannot drift from the code.

interface JsonSchema {
  type?: string;
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchema>;
  required?: string[];
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  additionalProperties?: JsonSchema | boolean;
}

function typeOf(schema: JsonSchema): string {
  if (schema.const !== undefined) return `\`${JSON.stringify(schema.const)}\``;
  if (schema.enum) return schema.enum.map((value) => `\`${JSON.stringify(value)}\``).join(' | ');
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) return alternatives.map(typeOf).join(' | ');
  if (schema.type === 'array') return `${schema.items ? typeOf(schema.items) : 'value'}[]`;
  if (schema.type === 'object' && typeof schema.additionalProperties === 'object') return `map of ${typeOf(schema.additionalProperties)}`;
  return schema.type ?? 'value';
}

function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}

function defaultOf(schema: JsonSchema, required: boolean): string {
  if (schema.default === undefined) return required ? '(required)' : '';
  return `\`${JSON.stringify(schema.default)}\``;
}

function isNestedSection(schema: JsonSchema): boolean {
  return schema.type === 'object' && schema.properties !== undefined;
}

function rows(schema: JsonSchema, prefix: string): string[] {
  const lines: string[] = [];
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const key = `${prefix}${name}`;
    if (isNestedSection(property)) {
      lines.push(...rows(property, `${key}.`));
      continue;
    }
    if (name === 'sinks') {
      lines.push(`| \`${key}\` | list of sinks (below) | \`${JSON.stringify(property.default)}\` | ${cell(property.description ?? '')} |`);
      continue;
    }
    const required = schema.required?.includes(name) ?? false;
    lines.push(`| \`${key}\` | ${cell(typeOf(property))} | ${cell(defaultOf(property, required))} | ${cell(property.description ?? '')} |`);
  }
  return lines;
}

const HEADER = ['| option | type | default | meaning |', '|---|---|---|---|'];

/** The Markdown for every collector option, then one table per raw sink type. */
export function collectorOptionsMarkdown(): string {
  const schema = z.toJSONSchema(collectorConfigSchema, { io: 'input' }) as JsonSchema;
  const out = ['All keys live under `collector` in `snowline.config.json` (or `.yaml`).', '', ...HEADER, ...rows(schema, 'collector.')];
  const sinkVariants = schema.properties?.sinks?.items?.oneOf ?? schema.properties?.sinks?.items?.anyOf ?? [];
  for (const variant of sinkVariants) {
    const type = variant.properties?.type?.const;
    out.push('', `Sink \`{"type": ${JSON.stringify(type)}}\`: ${variant.description ?? ''}`);
    const fields = Object.entries(variant.properties ?? {}).filter(([name]) => name !== 'type');
    if (fields.length === 0) continue;
    out.push('', ...HEADER, ...rows({ ...variant, properties: Object.fromEntries(fields) }, ''));
  }
  return out.join('\n');
}
