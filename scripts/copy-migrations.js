// tsc compiles TypeScript only; the SQL migrations and seed data travel with the compiled server.
import { cpSync } from 'node:fs';

cpSync('src/server/migrations', 'dist/server/migrations', { recursive: true });
cpSync('src/server/modules/seed/demo-data/demo-district.json', 'dist/server/modules/seed/demo-data/demo-district.json');
