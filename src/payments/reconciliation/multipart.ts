import { FiloError } from '../../core';
import { ReconciliationErrors } from './errors';

// A small multipart/form-data reader for the statement upload (no dependency needed for one file
// field and a few text fields). Binary-safe: parts are cut on the boundary bytes.

export interface FormPart {
  readonly name: string;
  readonly filename: string | null;
  readonly data: Buffer;
}

export function boundaryOf(contentType: string | undefined): string | null {
  const m = /boundary=(?:"([^"]+)"|([^;\s]+))/i.exec(contentType ?? '');
  return m ? (m[1] ?? m[2] ?? null) : null;
}

function bad(message: string): FiloError {
  return new FiloError(ReconciliationErrors.BANK_FILE_UNKNOWN_FORMAT, {
    message: `Multipart body: ${message}`,
  });
}

export function parseMultipart(body: Buffer, boundary: string): FormPart[] {
  const delimiter = Buffer.from(`--${boundary}`);
  const parts: FormPart[] = [];
  let pos = body.indexOf(delimiter);
  if (pos < 0) throw bad('no boundary');
  for (;;) {
    pos += delimiter.length;
    if (body.subarray(pos, pos + 2).toString() === '--') break;
    if (body.subarray(pos, pos + 2).toString() === '\r\n') pos += 2;
    const headerEnd = body.indexOf('\r\n\r\n', pos);
    if (headerEnd < 0) throw bad('a part without headers');
    const headers = body.subarray(pos, headerEnd).toString('utf8');
    const next = body.indexOf(Buffer.from(`\r\n--${boundary}`), headerEnd + 4);
    if (next < 0) throw bad('an unterminated part');
    const disposition = /content-disposition:\s*form-data;([^\r\n]*)/i.exec(headers)?.[1] ?? '';
    const name = /\bname="([^"]*)"/i.exec(disposition)?.[1];
    const filename = /\bfilename="([^"]*)"/i.exec(disposition)?.[1] ?? null;
    if (!name) throw bad('a part without a name');
    parts.push({ name, filename, data: body.subarray(headerEnd + 4, next) });
    pos = next + 2;
    if (parts.length > 20) throw bad('too many parts');
  }
  return parts;
}
