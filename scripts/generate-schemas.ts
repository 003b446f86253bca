/** Writes schemas/*.schema.json from the zod schemas. Run: npm run schemas:generate */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { renderJsonSchemas } from '../src/core/team/jsonSchema';

const root = path.resolve(__dirname, '..');
for (const [file, content] of Object.entries(renderJsonSchemas())) {
  fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
  fs.writeFileSync(path.join(root, file), content);
  console.log(`wrote ${file}`);
}
