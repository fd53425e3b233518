// Generates the configuration reference (docs/configuration.md) and the example config file from the one schema,
// so the documentation cannot drift from what start-up accepts.
import { z } from 'zod';
import { snowlineConfigSchema } from './schema.ts';

interface JsonSchemaNode {
  type?: string | string[];
  description?: string;
  default?: unknown;
  properties?: Record<string, JsonSchemaNode>;
  items?: JsonSchemaNode;
  enum?: unknown[];
  anyOf?: JsonSchemaNode[];
  minimum?: number;
  maximum?: number;
}

function typeOf(node: JsonSchemaNode): string {
  if (node.enum) return node.enum.map((value) => JSON.stringify(value)).join(' \\| ');
  if (node.anyOf) return node.anyOf.map(typeOf).join(' \\| ');
  if (node.type === 'array') return `${node.items ? typeOf(node.items) : 'value'}[]`;
  if (Array.isArray(node.type)) return node.type.join(' \\| ');
  return node.type ?? 'value';
}

function describeDefault(value: unknown): string {
  if (value === undefined) return '';
  const text = JSON.stringify(value);
  return text.length > 40 ? '(see example)' : `\`${text.replaceAll('|', '\\|')}\``;
}

function rows(node: JsonSchemaNode, prefix: string, out: string[]): void {
  for (const [key, child] of Object.entries(node.properties ?? {})) {
    const name = prefix ? `${prefix}.${key}` : key;
    if (child.type === 'object' && child.properties) {
      out.push(`| **${name}** | section | | ${child.description ?? ''} |`);
      rows(child, name, out);
    } else {
      out.push(`| \`${name}\` | ${typeOf(child)} | ${describeDefault(child.default)} | ${(child.description ?? '').replaceAll('|', '\\|')} |`);
    }
  }
}

export function configurationReferenceMarkdown(): string {
  const schema = z.toJSONSchema(snowlineConfigSchema, { io: 'input', unrepresentable: 'any' }) as JsonSchemaNode;
  const out: string[] = [
    '# Configuration reference',
    '',
    'Generated from the configuration schema (`cli/config/schema.ts` and each stage\'s `config.ts`) by',
    '`npm run docs:config`; a test fails when this file is out of date.',
    '',
    'Snowline reads `snowline.config.json` or `snowline.config.yaml` from the working directory, or the file given',
    'with `--config`. Every key is optional; unknown keys and wrong types stop start-up with an error that names',
    'the key. Command-line flags win over the file, and these environment variables win over both:',
    '',
    '| variable | key |',
    '|---|---|',
    '| `SNOWLINE_POSTGRES_URL` | `storage.postgresUrl` |',
    '',
    'An example with every default: [`snowline.config.example.json`](../snowline.config.example.json).',
    '',
    '| key | type | default | meaning |',
    '|---|---|---|---|',
  ];
  rows(schema, '', out);
  return `${out.join('\n')}\n`;
}

export function exampleConfigJson(): string {
  return `${JSON.stringify(snowlineConfigSchema.parse({}), null, 2)}\n`;
}
