// A small Sankey layout for the fund-flow diagram: nodes in columns, stacked top to bottom with a gap,
// their heights proportional to their value, and each link a filled ribbon whose thickness is its value
// on both ends. Pure geometry (no DOM), so it is tested on its own and drawn as inline SVG.

export interface SankeyNodeInput {
  readonly id: string;
  readonly label: string;
  /** 0 is the leftmost column. */
  readonly column: number;
}

export interface SankeyLinkInput {
  readonly source: string;
  readonly target: string;
  /** Non-negative; zero-value links are dropped. */
  readonly value: number;
}

export interface SankeyOptions {
  readonly width: number;
  readonly height: number;
  readonly nodeWidth: number;
  /** Vertical gap between nodes of one column. */
  readonly nodeGap: number;
}

export interface SankeyNode {
  readonly id: string;
  readonly label: string;
  readonly column: number;
  /** max(total in, total out). */
  readonly value: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface SankeyLink {
  readonly source: string;
  readonly target: string;
  readonly value: number;
  /** Ribbon thickness. */
  readonly thickness: number;
  /** Top of the ribbon where it leaves the source and where it enters the target. */
  readonly sourceY: number;
  readonly targetY: number;
  /** A closed SVG path of the ribbon. */
  readonly path: string;
}

export interface SankeyLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly SankeyNode[];
  readonly links: readonly SankeyLink[];
}

const round = (n: number): number => Math.round(n * 100) / 100;

/** The ribbon between (x0, y0) and (x1, y1), `thickness` tall at both ends, as a cubic-curve band. */
export function ribbonPath(x0: number, y0: number, x1: number, y1: number, thickness: number): string {
  const xm = round((x0 + x1) / 2);
  const [a, b, c, d, t] = [round(x0), round(y0), round(x1), round(y1), round(thickness)];
  return (
    `M${a},${b}C${xm},${b} ${xm},${d} ${c},${d}` +
    `L${c},${round(d + t)}C${xm},${round(d + t)} ${xm},${round(b + t)} ${a},${round(b + t)}Z`
  );
}

export function layoutSankey(
  nodeInputs: readonly SankeyNodeInput[],
  linkInputs: readonly SankeyLinkInput[],
  options: SankeyOptions,
): SankeyLayout {
  const { width, height, nodeWidth, nodeGap } = options;
  const known = new Map(nodeInputs.map((n) => [n.id, n]));
  if (known.size !== nodeInputs.length) throw new Error('Sankey node ids must be unique');
  for (const l of linkInputs) {
    if (!known.has(l.source) || !known.has(l.target))
      throw new Error(`Link ${l.source} → ${l.target} names an unknown node`);
    if (!(l.value >= 0) || !Number.isFinite(l.value))
      throw new Error(`Link ${l.source} → ${l.target} has a bad value`);
    if (known.get(l.target)!.column <= known.get(l.source)!.column)
      throw new Error(`Link ${l.source} → ${l.target} must go to a later column`);
  }
  const links = linkInputs.filter((l) => l.value > 0);
  const inflow = new Map<string, number>();
  const outflow = new Map<string, number>();
  for (const l of links) {
    outflow.set(l.source, (outflow.get(l.source) ?? 0) + l.value);
    inflow.set(l.target, (inflow.get(l.target) ?? 0) + l.value);
  }
  const valueOf = (id: string) => Math.max(inflow.get(id) ?? 0, outflow.get(id) ?? 0);
  // Nodes without any money through them are left out: a zero-height bar says nothing.
  const live = nodeInputs.filter((n) => valueOf(n.id) > 0);
  const columns = [...new Set(live.map((n) => n.column))].sort((a, b) => a - b);
  const byColumn = columns.map((c) => live.filter((n) => n.column === c));

  // One scale for every column, so equal money is equal height everywhere; the fullest column fills.
  let scale = Infinity;
  for (const col of byColumn) {
    const total = col.reduce((sum, n) => sum + valueOf(n.id), 0);
    const room = height - nodeGap * (col.length - 1);
    if (total > 0) scale = Math.min(scale, Math.max(room, 0) / total);
  }
  if (!Number.isFinite(scale)) scale = 0;

  const step = columns.length > 1 ? (width - nodeWidth) / (columns.length - 1) : 0;
  const nodes = new Map<string, SankeyNode>();
  byColumn.forEach((col, i) => {
    let y = 0;
    for (const n of col) {
      const h = valueOf(n.id) * scale;
      nodes.set(n.id, {
        id: n.id,
        label: n.label,
        column: n.column,
        value: valueOf(n.id),
        x: round(i * step),
        y: round(y),
        width: nodeWidth,
        height: round(h),
      });
      y += h + nodeGap;
    }
  });

  // Ribbons leave a source in the order of their targets (top first) and enter a target in the
  // order of their sources, so they do not cross at the node edges.
  const order = (id: string) => {
    const n = nodes.get(id)!;
    return n.column * 1e9 + n.y;
  };
  const outOffset = new Map<string, number>();
  const inOffset = new Map<string, number>();
  const sourceY = new Map<SankeyLinkInput, number>();
  for (const l of [...links].sort(
    (a, b) => order(a.source) - order(b.source) || order(a.target) - order(b.target),
  )) {
    const s = nodes.get(l.source)!;
    const off = outOffset.get(l.source) ?? 0;
    sourceY.set(l, s.y + off);
    outOffset.set(l.source, off + l.value * scale);
  }
  const laid: SankeyLink[] = [];
  for (const l of [...links].sort(
    (a, b) => order(a.target) - order(b.target) || order(a.source) - order(b.source),
  )) {
    const s = nodes.get(l.source)!;
    const t = nodes.get(l.target)!;
    const off = inOffset.get(l.target) ?? 0;
    const ty = t.y + off;
    inOffset.set(l.target, off + l.value * scale);
    const sy = sourceY.get(l)!;
    const thickness = l.value * scale;
    laid.push({
      source: l.source,
      target: l.target,
      value: l.value,
      thickness: round(thickness),
      sourceY: round(sy),
      targetY: round(ty),
      path: ribbonPath(s.x + s.width, sy, t.x, ty, thickness),
    });
  }
  return { width, height, nodes: [...nodes.values()], links: laid };
}
