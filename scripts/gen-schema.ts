/**
 * `npm run schema`: writes corpus/schema/*.json from the zod schemas in src/corpus/schema.ts.
 * `renderSchemas()` is also used by the test that fails when the committed files are stale.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { defaultCorpusDir } from '../src/corpus/case.js';
import { schemaFiles } from '../src/corpus/schema.js';
import { isEntryPoint } from '../src/entry.js';

export function renderSchemas(): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, schema] of Object.entries(schemaFiles)) {
    const json = z.toJSONSchema(schema, { io: 'input' }) as Record<string, unknown>;
    // Corpus files may name their schema; allow the key the generated schema would otherwise reject.
    const properties = (json.properties ?? {}) as Record<string, unknown>;
    json.properties = { $schema: { type: 'string' }, ...properties };
    out[name] = JSON.stringify(json, null, 2) + '\n';
  }
  return out;
}

if (isEntryPoint(import.meta.url)) {
  const dir = join(defaultCorpusDir(), 'schema');
  mkdirSync(dir, { recursive: true });
  for (const [name, text] of Object.entries(renderSchemas())) {
    writeFileSync(join(dir, name), text);
    console.log(`wrote corpus/schema/${name}`);
  }
}
