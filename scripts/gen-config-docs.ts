import { writeFileSync } from 'node:fs';
import { configurationReferenceMarkdown, exampleConfigJson } from '../cli/config/config-reference.ts';

writeFileSync('docs/configuration.md', configurationReferenceMarkdown());
writeFileSync('snowline.config.example.json', exampleConfigJson());
process.stdout.write('wrote docs/configuration.md and snowline.config.example.json\n');
