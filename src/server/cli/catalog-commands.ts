/**
 * `zhongshu catalog import FILE.xlsx` and `zhongshu catalog export`: the same code as the HTTP import and
 * export (read, check everything, write all or nothing), run directly as the CLI actor instead of as a job.
 */
import { createWriteStream } from 'node:fs';
import fs from 'node:fs/promises';
import path from 'node:path';
import { finished } from 'node:stream/promises';
import type { Platform } from '../app.js';
import { cliActor } from '../platform/actor.js';
import { DomainError } from '../platform/errors.js';
import { EXPORT_MAX_ENTRIES, asWorkbookResources, exportDate, jsonExport, listForExport } from '../modules/catalog/export.js';
import { formatImportError } from '../modules/catalog/import-errors.js';
import { runCatalogImport } from '../modules/catalog/import.js';
import { writeCatalogWorkbook } from '../modules/catalog/xlsx-template.js';
import { resolveDepartmentId } from './shared.js';

export interface CommandOutput {
  log(line: string): void;
  error(line: string): void;
}

const consoleOutput: CommandOutput = { log: (line) => console.log(line), error: (line) => console.error(line) };

/** Exit code 0 when everything was imported, 1 when the file was rejected (every error printed). */
export async function catalogImportCommand(
  platform: Platform,
  file: string,
  options: { department?: string; publish?: boolean },
  output: CommandOutput = consoleOutput,
): Promise<number> {
  const actor = cliActor();
  const defaultDepartmentId = await resolveDepartmentId(platform, options.department);
  try {
    await fs.access(file);
  } catch {
    output.error(`zhongshu: cannot read ${file}`);
    return 1;
  }
  let lastPhase = '';
  const outcome = await runCatalogImport(
    { catalog: platform.catalog.service, directory: platform.directory.service },
    actor,
    path.resolve(file),
    {
      defaultDepartmentId,
      report: ({ phase }) => {
        if (phase && phase !== lastPhase) output.log(`${phase}…`);
        lastPhase = phase ?? lastPhase;
      },
    },
  );
  if (!outcome.ok) {
    for (const error of outcome.errors) output.error(formatImportError(error));
    if (outcome.errorCount > outcome.errors.length) output.error(`… and ${outcome.errorCount - outcome.errors.length} more`);
    output.error(`zhongshu: ${outcome.message} (${outcome.code})`);
    return 1;
  }
  output.log(`imported ${outcome.imported} entr${outcome.imported === 1 ? 'y' : 'ies'} as drafts: ${outcome.codes.join(', ')}`);
  if (options.publish) {
    for (const code of outcome.codes) {
      try {
        await platform.catalog.service.submit(actor, code);
        await platform.catalog.service.publish(actor, code);
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        output.error(`zhongshu: ${code} was imported but not published: ${error.message} (${error.code})`);
        return 1;
      }
    }
    output.log(`published ${outcome.codes.length}`);
  }
  return 0;
}

/** Writes every entry the CLI may see (all of them) to --out, or ./catalog-YYYYMMDD.<format>. */
export async function catalogExportCommand(
  platform: Platform,
  options: { format: 'xlsx' | 'json'; out?: string },
  output: CommandOutput = consoleOutput,
): Promise<number> {
  const { resources, truncated } = await listForExport(platform.catalog.service, cliActor(), { status: 'all' });
  const target = path.resolve(options.out ?? `catalog-${exportDate()}.${options.format}`);
  if (options.format === 'json') {
    await fs.writeFile(target, `${JSON.stringify(jsonExport(resources, truncated), null, 2)}\n`);
  } else {
    const stream = createWriteStream(target);
    await writeCatalogWorkbook(stream, asWorkbookResources(resources));
    await finished(stream);
  }
  output.log(`exported ${resources.length} entr${resources.length === 1 ? 'y' : 'ies'} to ${target}`);
  if (truncated) output.error(`zhongshu: the catalog has more than ${EXPORT_MAX_ENTRIES} entries; only the first ${EXPORT_MAX_ENTRIES} (by code) were exported`);
  return 0;
}
