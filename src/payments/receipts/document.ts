// A document is a list of blocks: the text model that a PDF renders. Tests read the model's text
// (and the PDF's own text, extracted) so that what a receipt says is checked, not just that it exists.

export type Block =
  | { readonly kind: 'title'; readonly text: string }
  | { readonly kind: 'subtitle'; readonly text: string }
  | { readonly kind: 'heading'; readonly text: string }
  | { readonly kind: 'paragraph'; readonly text: string; readonly small?: boolean }
  | { readonly kind: 'fields'; readonly rows: ReadonlyArray<readonly [label: string, value: string]> }
  | {
      readonly kind: 'table';
      readonly columns: ReadonlyArray<{
        readonly title: string;
        readonly width: number;
        readonly right?: boolean;
      }>;
      readonly rows: ReadonlyArray<readonly string[]>;
      readonly total?: readonly string[];
    }
  | {
      readonly kind: 'choice';
      readonly label: string;
      readonly options: ReadonlyArray<{ readonly text: string; readonly checked: boolean }>;
    }
  | { readonly kind: 'check'; readonly checked: boolean; readonly text: string }
  | { readonly kind: 'notice'; readonly text: string }
  | { readonly kind: 'signature'; readonly left: string; readonly right: string };

export interface DocumentModel {
  readonly title: string;
  readonly language: string;
  /** Printed at the foot of every page, before the page number. */
  readonly footer: string;
  /** Fixes the PDF's dates so that the same document always renders to the same bytes. */
  readonly createdAt: string;
  readonly blocks: readonly Block[];
}

/** The document's text, one line per field, row or paragraph: what tests and search read. */
export function documentText(doc: DocumentModel): string {
  const lines: string[] = [];
  for (const b of doc.blocks) {
    switch (b.kind) {
      case 'title':
      case 'subtitle':
      case 'heading':
      case 'paragraph':
      case 'notice':
        lines.push(b.text);
        break;
      case 'fields':
        for (const [label, value] of b.rows) lines.push(`${label}: ${value}`);
        break;
      case 'table':
        lines.push(b.columns.map((c) => c.title).join(' | '));
        for (const row of b.rows) lines.push(row.join(' | '));
        if (b.total) lines.push(b.total.join(' | '));
        break;
      case 'choice':
        lines.push(`${b.label} ${b.options.map((o) => `[${o.checked ? 'X' : ' '}] ${o.text}`).join(' ')}`);
        break;
      case 'check':
        lines.push(`[${b.checked ? 'X' : ' '}] ${b.text}`);
        break;
      case 'signature':
        lines.push(`${b.left} ${b.right}`.trim());
        break;
      default: {
        const never: never = b;
        throw new Error(`unknown block ${JSON.stringify(never)}`);
      }
    }
  }
  lines.push(doc.footer);
  return lines.join('\n');
}
