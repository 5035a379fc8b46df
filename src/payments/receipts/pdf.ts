import { PDFDocument, StandardFonts, rgb, type PDFFont, type PDFPage } from 'pdf-lib';
import type { Block, DocumentModel } from './document';

// Renders a document model to an A4 PDF with the standard Helvetica fonts (WinAnsi: €, à, ß and the
// other Western European letters work without embedding a font). Each printed line is one text
// operation, so the PDF's text can be read back line by line. Same model → same bytes.

const A4: [number, number] = [595.28, 841.89];
const MARGIN = 50;
const WIDTH = A4[0] - 2 * MARGIN;
const FOOT = 40;
const INK = rgb(0.1, 0.1, 0.12);
const GREY = rgb(0.38, 0.38, 0.42);
const RULE = rgb(0.75, 0.75, 0.78);

interface Fonts {
  readonly regular: PDFFont;
  readonly bold: PDFFont;
  readonly charset: ReadonlySet<number>;
}

class Layout {
  readonly #doc: PDFDocument;
  readonly #fonts: Fonts;
  page!: PDFPage;
  y = 0;
  constructor(doc: PDFDocument, fonts: Fonts) {
    this.#doc = doc;
    this.#fonts = fonts;
    this.newPage();
  }

  newPage(): void {
    this.page = this.#doc.addPage(A4);
    this.y = A4[1] - MARGIN;
  }

  ensure(height: number): void {
    if (this.y - height < MARGIN + FOOT) this.newPage();
  }

  /** Replaces what WinAnsi cannot encode, so a name in another script never breaks a receipt. */
  clean(text: string): string {
    let out = '';
    for (const ch of text.replace(/\s+/g, ' ')) {
      out += this.#fonts.charset.has(ch.codePointAt(0)!) ? ch : '?';
    }
    return out;
  }

  wrap(text: string, font: PDFFont, size: number, width: number): string[] {
    const words = this.clean(text).split(' ');
    const lines: string[] = [];
    let line = '';
    for (const word of words) {
      const next = line ? `${line} ${word}` : word;
      if (font.widthOfTextAtSize(next, size) <= width || !line) line = next;
      else {
        lines.push(line);
        line = word;
      }
    }
    if (line) lines.push(line);
    // A single word wider than the line (a long code or URL) is cut by characters.
    return lines.flatMap((l) =>
      font.widthOfTextAtSize(l, size) <= width ? [l] : hardWrap(l, font, size, width),
    );
  }

  text(
    text: string,
    opts: {
      x?: number;
      size?: number;
      bold?: boolean;
      color?: ReturnType<typeof rgb>;
      width?: number;
      gap?: number;
    } = {},
  ): void {
    const size = opts.size ?? 10;
    const font = opts.bold ? this.#fonts.bold : this.#fonts.regular;
    const x = opts.x ?? MARGIN;
    const lead = size * 1.35;
    for (const line of this.wrap(text, font, size, opts.width ?? WIDTH - (x - MARGIN))) {
      this.ensure(lead);
      this.page.drawText(line, { x, y: this.y - size, size, font, color: opts.color ?? INK });
      this.y -= lead;
    }
    this.y -= opts.gap ?? 0;
  }

  /** A block of lines at a fixed x; returns the height used (for two-column rows). */
  column(
    lines: readonly string[],
    x: number,
    y: number,
    width: number,
    size: number,
    bold: boolean,
    right = false,
  ): number {
    const font = bold ? this.#fonts.bold : this.#fonts.regular;
    let used = 0;
    for (const raw of lines) {
      for (const line of this.wrap(raw, font, size, width)) {
        const w = font.widthOfTextAtSize(line, size);
        this.page.drawText(line, {
          x: right ? x + width - w : x,
          y: y - used - size,
          size,
          font,
          color: INK,
        });
        used += size * 1.35;
      }
    }
    return used;
  }

  measure(text: string, width: number, size: number, bold: boolean): number {
    return this.wrap(text, bold ? this.#fonts.bold : this.#fonts.regular, size, width).length * size * 1.35;
  }

  rule(): void {
    this.page.drawLine({
      start: { x: MARGIN, y: this.y },
      end: { x: MARGIN + WIDTH, y: this.y },
      thickness: 0.5,
      color: RULE,
    });
  }

  box(x: number, y: number, checked: boolean): void {
    this.page.drawRectangle({ x, y, width: 8, height: 8, borderColor: INK, borderWidth: 0.8 });
    if (checked) {
      this.page.drawLine({
        start: { x: x + 1.5, y: y + 1.5 },
        end: { x: x + 6.5, y: y + 6.5 },
        thickness: 1,
        color: INK,
      });
      this.page.drawLine({
        start: { x: x + 1.5, y: y + 6.5 },
        end: { x: x + 6.5, y: y + 1.5 },
        thickness: 1,
        color: INK,
      });
    }
  }

  get fonts(): Fonts {
    return this.#fonts;
  }
}

function hardWrap(line: string, font: PDFFont, size: number, width: number): string[] {
  const out: string[] = [];
  let cur = '';
  for (const ch of line) {
    if (font.widthOfTextAtSize(cur + ch, size) > width && cur) {
      out.push(cur);
      cur = ch;
    } else cur += ch;
  }
  if (cur) out.push(cur);
  return out;
}

function drawBlock(l: Layout, b: Block): void {
  switch (b.kind) {
    case 'title':
      l.text(b.text, { size: 16, bold: true, gap: 2 });
      return;
    case 'subtitle':
      l.text(b.text, { size: 9, color: GREY, gap: 6 });
      return;
    case 'heading':
      l.ensure(30);
      l.y -= 6;
      l.text(b.text, { size: 11, bold: true, gap: 1 });
      l.rule();
      l.y -= 4;
      return;
    case 'paragraph':
      l.text(b.text, { size: b.small ? 8 : 9.5, color: b.small ? GREY : INK, gap: 5 });
      return;
    case 'notice': {
      const size = 11;
      const height = l.measure(b.text, WIDTH - 16, size, true) + 12;
      l.ensure(height + 6);
      l.page.drawRectangle({
        x: MARGIN,
        y: l.y - height,
        width: WIDTH,
        height,
        borderColor: rgb(0.7, 0.1, 0.1),
        borderWidth: 1.5,
      });
      l.y -= 6;
      l.text(b.text, { x: MARGIN + 8, size, bold: true, color: rgb(0.7, 0.1, 0.1), width: WIDTH - 16 });
      l.y -= 12;
      return;
    }
    case 'fields': {
      const labelWidth = 165;
      for (const [label, value] of b.rows) {
        const size = 10;
        const h = Math.max(
          l.measure(label, labelWidth - 8, 8.5, false),
          l.measure(value || '—', WIDTH - labelWidth, size, true),
        );
        l.ensure(h + 3);
        const y = l.y;
        l.column([label], MARGIN, y, labelWidth - 8, 8.5, false);
        l.column([value || '—'], MARGIN + labelWidth, y, WIDTH - labelWidth, size, true);
        l.y = y - h - 3;
      }
      return;
    }
    case 'table': {
      const size = 8.5;
      const total = b.columns.reduce((s, c) => s + c.width, 0);
      const widths = b.columns.map((c) => (c.width / total) * WIDTH);
      const row = (cells: readonly string[], bold: boolean) => {
        const h = Math.max(...cells.map((c, i) => l.measure(c, widths[i]! - 6, size, bold)), size * 1.35);
        l.ensure(h + 2);
        const y = l.y;
        let x = MARGIN;
        cells.forEach((c, i) => {
          l.column([c], x, y, widths[i]! - 6, size, bold, b.columns[i]?.right ?? false);
          x += widths[i]!;
        });
        l.y = y - h - 2;
      };
      row(
        b.columns.map((c) => c.title),
        true,
      );
      l.rule();
      l.y -= 2;
      for (const r of b.rows) row(r, false);
      if (b.total) {
        l.rule();
        l.y -= 2;
        row(b.total, true);
      }
      l.y -= 6;
      return;
    }
    case 'choice': {
      l.ensure(16);
      const y = l.y;
      const used = l.column([b.label], MARGIN, y, WIDTH - 120, 9.5, false);
      let x = MARGIN + WIDTH - 110;
      for (const o of b.options) {
        l.box(x, y - 9, o.checked);
        l.column([o.text], x + 12, y, 40, 9.5, false);
        x += 55;
      }
      l.y = y - Math.max(used, 13) - 4;
      return;
    }
    case 'check': {
      const h = l.measure(b.text, WIDTH - 16, 9.5, false);
      l.ensure(h + 4);
      const y = l.y;
      l.box(MARGIN, y - 9, b.checked);
      l.column([b.text], MARGIN + 16, y, WIDTH - 16, 9.5, false);
      l.y = y - h - 5;
      return;
    }
    case 'signature': {
      l.ensure(60);
      l.y -= 30;
      const y = l.y;
      const half = WIDTH / 2 - 10;
      l.page.drawLine({ start: { x: MARGIN, y }, end: { x: MARGIN + half, y }, thickness: 0.5, color: INK });
      l.page.drawLine({
        start: { x: MARGIN + WIDTH - half, y },
        end: { x: MARGIN + WIDTH, y },
        thickness: 0.5,
        color: INK,
      });
      const a = l.column([b.left], MARGIN, y - 3, half, 8.5, false);
      const c = l.column([b.right], MARGIN + WIDTH - half, y - 3, half, 8.5, false);
      l.y = y - 3 - Math.max(a, c) - 6;
      return;
    }
    default: {
      const never: never = b;
      throw new Error(`unknown block ${JSON.stringify(never)}`);
    }
  }
}

/** The document as PDF bytes; deterministic for a given model. */
export async function renderPdf(doc: DocumentModel): Promise<Uint8Array> {
  const pdf = await PDFDocument.create({ updateMetadata: false });
  const regular = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const charset = new Set(regular.getCharacterSet());
  const layout = new Layout(pdf, { regular, bold, charset });
  const cleanTitle = layout.clean(doc.title);
  const created = new Date(doc.createdAt);
  pdf.setTitle(cleanTitle);
  pdf.setLanguage(doc.language);
  pdf.setCreator('Filo');
  pdf.setProducer('Filo (pdf-lib)');
  pdf.setCreationDate(created);
  pdf.setModificationDate(created);
  for (const block of doc.blocks) drawBlock(layout, block);
  const pages = pdf.getPages();
  pages.forEach((page, i) => {
    const foot = layout.clean(`${doc.footer} · ${i + 1}/${pages.length}`);
    page.drawText(foot, { x: MARGIN, y: MARGIN - 10, size: 7.5, font: regular, color: GREY });
  });
  return pdf.save({ useObjectStreams: false });
}
