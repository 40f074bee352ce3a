import { parseArgs } from 'node:util';
import { catalogExportCommand, catalogImportCommand } from './catalog-commands.js';
import { withPlatform } from './shared.js';

export async function runCatalogCommand(args: string[], usage: (problem: string) => number): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'import') {
    const { values, positionals } = parseArgs({ args: rest, allowPositionals: true, options: { department: { type: 'string' }, publish: { type: 'boolean' } } });
    if (positionals.length !== 1) return usage('catalog import needs exactly one FILE.xlsx');
    return withPlatform((platform) => catalogImportCommand(platform, positionals[0], { department: values.department, publish: values.publish ?? false }));
  }
  if (sub === 'export') {
    const { values } = parseArgs({ args: rest, options: { format: { type: 'string' }, out: { type: 'string' } } });
    const format = values.format ?? 'xlsx';
    if (format !== 'xlsx' && format !== 'json') return usage('--format is xlsx or json');
    return withPlatform((platform) => catalogExportCommand(platform, { format, out: values.out }));
  }
  return usage(`unknown catalog command "${sub ?? ''}"`);
}
