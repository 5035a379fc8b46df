// A one-page PDF with a few lines of Helvetica text: the demo's invoices and receipts, so that the
// evidence files behind its expenses are real documents a visitor can open, not placeholders.

/** A PDF string literal: WinAnsi bytes, with (, ) and \ escaped and non-ASCII as octal escapes. */
function pdfText(text: string): string {
  let out = '';
  for (const ch of text) {
    if (ch === '(' || ch === ')' || ch === '\\') out += `\\${ch}`;
    else if (ch === '€') out += '\\200';
    else if (ch === '’') out += "'";
    else {
      const code = ch.codePointAt(0) ?? 63;
      if (code >= 32 && code < 127) out += ch;
      else if (code >= 160 && code <= 255) out += `\\${code.toString(8)}`;
      else out += '?';
    }
  }
  return `(${out})`;
}

export function invoicePdf(lines: readonly string[]): Uint8Array {
  const [title = '', ...rest] = lines;
  const content = [
    'BT',
    '/F1 18 Tf 56 780 Td 22 TL',
    `${pdfText(title)} Tj T*`,
    '/F1 11 Tf 16 TL T*',
    ...rest.map((line) => `${pdfText(line)} Tj T*`),
    'ET',
  ].join('\n');
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>',
    '<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>',
    `<< /Length ${content.length} >>\nstream\n${content}\nendstream`,
  ];
  let pdf = '%PDF-1.4\n';
  const offsets: number[] = [];
  objects.forEach((body, i) => {
    offsets.push(pdf.length);
    pdf += `${i + 1} 0 obj\n${body}\nendobj\n`;
  });
  const xref = pdf.length;
  pdf += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  for (const offset of offsets) pdf += `${String(offset).padStart(10, '0')} 00000 n \n`;
  pdf += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  // Every character above is ASCII (escapes included), so string offsets are byte offsets.
  return new TextEncoder().encode(pdf);
}
