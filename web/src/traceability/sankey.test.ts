import { describe, expect, it } from 'vitest';
import { buildFundFlow, parseFlowKey } from './fund-flow';
import { layoutSankey, ribbonPath } from './sankey';

const opts = { width: 600, height: 300, nodeWidth: 10, nodeGap: 20 };

describe('layoutSankey', () => {
  const nodes = [
    { id: 'a', label: 'A', column: 0 },
    { id: 'b', label: 'B', column: 0 },
    { id: 'x', label: 'X', column: 1 },
    { id: 'y', label: 'Y', column: 1 },
    { id: 'z', label: 'Z', column: 2 },
  ];
  const links = [
    { source: 'a', target: 'x', value: 300 },
    { source: 'a', target: 'y', value: 100 },
    { source: 'b', target: 'y', value: 200 },
    { source: 'x', target: 'z', value: 300 },
  ];

  it('sizes nodes by max(in, out) on one scale, so the fullest column fills the height', () => {
    const layout = layoutSankey(nodes, links, opts);
    const byId = new Map(layout.nodes.map((n) => [n.id, n]));
    // Column 0 and 1 both carry 600 with one gap: scale = (300 - 20) / 600.
    const scale = 280 / 600;
    expect(byId.get('a')).toMatchObject({
      value: 400,
      x: 0,
      y: 0,
      height: Math.round(400 * scale * 100) / 100,
    });
    expect(byId.get('b')).toMatchObject({ value: 200, y: Math.round((400 * scale + 20) * 100) / 100 });
    expect(byId.get('z')).toMatchObject({ value: 300, x: 590 });
    expect(byId.get('x')!.x).toBe(295);
    for (const column of [0, 1]) {
      const col = layout.nodes.filter((n) => n.column === column);
      const last = col[col.length - 1]!;
      expect(last.y + last.height).toBeCloseTo(300, 1);
    }
  });

  it('stacks ribbons without overlap at both ends and keeps their thickness', () => {
    const layout = layoutSankey(nodes, links, opts);
    const scale = 280 / 600;
    const ay = layout.links.filter((l) => l.source === 'a').sort((p, q) => p.sourceY - q.sourceY);
    expect(ay.map((l) => l.target)).toEqual(['x', 'y']); // top target first: no crossing
    expect(ay[1]!.sourceY).toBeCloseTo(ay[0]!.thickness, 1);
    const intoY = layout.links.filter((l) => l.target === 'y').sort((p, q) => p.targetY - q.targetY);
    expect(intoY.map((l) => l.source)).toEqual(['a', 'b']);
    const y = layout.nodes.find((n) => n.id === 'y')!;
    expect(intoY[0]!.targetY).toBeCloseTo(y.y, 1);
    expect(intoY[1]!.targetY).toBeCloseTo(y.y + 100 * scale, 1);
    for (const l of layout.links) expect(l.thickness).toBeCloseTo(l.value * scale, 1);
  });

  it('drops zero links and the nodes left without money, and closes column gaps', () => {
    const layout = layoutSankey(
      [...nodes, { id: 'w', label: 'W', column: 1 }],
      [...links.filter((l) => l.target !== 'z'), { source: 'b', target: 'w', value: 0 }],
      opts,
    );
    expect(layout.nodes.map((n) => n.id).sort()).toEqual(['a', 'b', 'x', 'y']);
    expect(layout.links).toHaveLength(3);
    expect(layout.nodes.find((n) => n.id === 'x')!.x).toBe(590);
  });

  it('refuses unknown nodes, negative values and backward links', () => {
    expect(() => layoutSankey(nodes, [{ source: 'a', target: 'q', value: 1 }], opts)).toThrow(/unknown/);
    expect(() => layoutSankey(nodes, [{ source: 'a', target: 'x', value: -1 }], opts)).toThrow(/bad value/);
    expect(() => layoutSankey(nodes, [{ source: 'x', target: 'a', value: 1 }], opts)).toThrow(/later column/);
    expect(() => layoutSankey([...nodes, nodes[0]!], [], opts)).toThrow(/unique/);
  });

  it('lays out an empty graph as nothing', () => {
    expect(layoutSankey(nodes, [], opts)).toEqual({ width: 600, height: 300, nodes: [], links: [] });
  });

  it('draws a ribbon as a closed band of two curves', () => {
    expect(ribbonPath(10, 0, 110, 50, 20)).toBe('M10,0C60,0 60,50 110,50L110,70C60,70 60,20 10,20Z');
  });
});

describe('buildFundFlow', () => {
  const label = (k: ReturnType<typeof parseFlowKey>) => ('id' in k ? `${k.kind} ${k.id}` : k.kind);

  it('reads flow keys', () => {
    expect(parseFlowKey('project:prj_1')).toEqual({ kind: 'project', id: 'prj_1' });
    expect(parseFlowKey('category:food')).toEqual({ kind: 'category', id: 'food' });
    expect(parseFlowKey('fees')).toEqual({ kind: 'fees' });
    expect(parseFlowKey('something-new')).toEqual({ kind: 'category', id: 'something-new' });
  });

  it('puts funds, uses and categories in three columns, with unspent money as a use', () => {
    const totals = { raisedMinor: 0, feesMinor: 0, spentMinor: 0, refundedMinor: 0, donations: 0 };
    const graph = buildFundFlow(
      {
        flows: [
          { from: 'project:p1', to: 'project:p1', amountMinor: 700 },
          { from: 'unrestricted', to: 'project:p1', amountMinor: 100 },
          { from: 'unrestricted', to: 'fees', amountMinor: 30 },
          { from: 'project:p1', to: 'category:food', amountMinor: 800 },
        ],
        unrestricted: { ...totals, unspentMinor: 500 },
        projects: [{ ...totals, projectId: 'p1', name: 'P1', expensesApprovedMinor: 800, unspentMinor: 0 }],
      },
      label,
    );
    expect(graph.nodes.map((n) => n.id)).toEqual([
      '0:unrestricted',
      '0:project:p1',
      '1:project:p1',
      '1:fees',
      '1:unspent',
      '2:category:food',
    ]);
    expect(graph.links).toEqual([
      { source: '0:project:p1', target: '1:project:p1', value: 700 },
      { source: '0:unrestricted', target: '1:project:p1', value: 100 },
      { source: '0:unrestricted', target: '1:fees', value: 30 },
      { source: '1:project:p1', target: '2:category:food', value: 800 },
      { source: '0:unrestricted', target: '1:unspent', value: 500 },
    ]);
    // And it lays out: money in the middle column equals money out of the funds.
    const layout = layoutSankey(graph.nodes, graph.links, opts);
    const sum = (c: number) => layout.nodes.filter((n) => n.column === c).reduce((s, n) => s + n.value, 0);
    expect(sum(0)).toBe(1330);
    expect(sum(1)).toBe(1330);
    expect(sum(2)).toBe(800);
  });
});
