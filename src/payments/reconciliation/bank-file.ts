import { unzipSync } from 'fflate';
import { FiloError } from '../../core';
import { looksLikeXml, parseCamt053 } from './camt';
import { parseCsv, type CsvMappingSettings } from './csv';
import { ReconciliationErrors } from './errors';
import { assignKeys, type BankFileFormat, type ParsedEntry, type ParsedFile } from './statement';

// One door for every bank file: a ZIP of camt.053 statements, one camt.053 XML, or a CSV export read
// with a saved mapping. Parsing is all-or-nothing and happens before anything is stored.

export const MAX_FILE_BYTES = 10 * 1024 * 1024;
const MAX_UNZIPPED_BYTES = 64 * 1024 * 1024;
const MAX_ZIP_FILES = 400;

function isZip(bytes: Uint8Array): boolean {
  return (
    bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && bytes[2] === 0x03 && bytes[3] === 0x04
  );
}

function decodeXml(bytes: Uint8Array, name: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch (cause) {
    throw new FiloError(ReconciliationErrors.BANK_FILE_ENCODING, {
      message: `${name}: camt.053 files must be UTF-8`,
      cause,
    });
  }
}

function unzip(bytes: Uint8Array): { name: string; data: Uint8Array }[] {
  let total = 0;
  let count = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
      filter: (f) => {
        if (f.name.endsWith('/') || f.name.startsWith('__MACOSX/') || !/\.xml$/i.test(f.name)) return false;
        count++;
        total += f.originalSize;
        if (count > MAX_ZIP_FILES || total > MAX_UNZIPPED_BYTES) {
          throw new FiloError(ReconciliationErrors.BANK_FILE_TOO_LARGE, {
            message: 'The ZIP archive unpacks to too many or too large files',
          });
        }
        return true;
      },
    });
  } catch (cause) {
    if (cause instanceof FiloError) throw cause;
    throw new FiloError(ReconciliationErrors.BANK_FILE_ZIP_INVALID, { cause });
  }
  const out = Object.entries(files)
    .map(([name, data]) => ({ name, data }))
    .sort((a, b) => a.name.localeCompare(b.name));
  if (out.length === 0) throw new FiloError(ReconciliationErrors.BANK_FILE_ZIP_INVALID);
  const size = out.reduce((s, f) => s + f.data.length, 0);
  if (size > MAX_UNZIPPED_BYTES) throw new FiloError(ReconciliationErrors.BANK_FILE_TOO_LARGE);
  return out;
}

function withFile<T>(name: string, fn: () => T): T {
  try {
    return fn();
  } catch (error) {
    if (error instanceof FiloError) {
      const details = typeof error.details === 'object' && error.details !== null ? error.details : {};
      throw new FiloError(
        { code: error.code, statusCode: error.statusCode, message: error.message },
        { message: `${name}: ${error.message}`, details: { file: name, ...details }, cause: error },
      );
    }
    throw error;
  }
}

/** Parses a bank file; `mapping` is needed for CSV and ignored for camt.053. */
export function parseBankFile(
  bytes: Uint8Array,
  options: { filename: string; mapping?: CsvMappingSettings | null },
): ParsedFile {
  if (bytes.length === 0) throw new FiloError(ReconciliationErrors.BANK_FILE_EMPTY);
  if (bytes.length > MAX_FILE_BYTES) throw new FiloError(ReconciliationErrors.BANK_FILE_TOO_LARGE);
  let format: BankFileFormat;
  let statements = 0;
  let skipped = 0;
  // Keys are assigned per document, so that the same entry in two overlapping statements (even inside
  // one ZIP) gets the same key and is stored once.
  const entries: ParsedEntry[] = [];
  if (isZip(bytes)) {
    format = 'camt.053-zip';
    for (const file of unzip(bytes)) {
      const parsed = withFile(file.name, () => parseCamt053(decodeXml(file.data, file.name)));
      statements += parsed.statements;
      skipped += parsed.skipped;
      entries.push(...assignKeys(parsed.entries));
    }
  } else if (looksLikeXml(bytes)) {
    const parsed = parseCamt053(decodeXml(bytes, options.filename));
    format = parsed.version;
    statements = parsed.statements;
    skipped = parsed.skipped;
    entries.push(...assignKeys(parsed.entries));
  } else if (options.mapping) {
    format = 'csv';
    statements = 1;
    entries.push(...assignKeys(parseCsv(bytes, options.mapping).entries));
  } else {
    throw new FiloError(ReconciliationErrors.BANK_FILE_UNKNOWN_FORMAT);
  }
  return { format, statements, skipped, entries };
}
