// The fund-flow diagram of the transparency page: an inline SVG Sankey (no library) from the ledger's
// flows, with a table of the same flows for screen readers and for anyone who prefers numbers.
import { useId, useMemo } from 'react';
import { useI18n } from '../i18n';
import { buildFundFlow, type FlowKey } from '../traceability/fund-flow';
import type { Transparency } from '../traceability/ledger-client';
import { layoutSankey } from '../traceability/sankey';

const WIDTH = 760;
/** Room right of the last column for its labels; every label sits right of its node. */
const LABEL_ROOM = 200;
const NODE_WIDTH = 12;
const LABEL_GAP = 6;
const COLORS: Readonly<Record<FlowKey['kind'], string>> = {
  unrestricted: '#0f6b5c',
  project: '#1f9a84',
  campaign: '#2f7fb8',
  general: '#7a6bb0',
  category: '#c8602f',
  fees: '#8a8f98',
  unspent: '#b9b5aa',
};

export interface FundFlowDiagramProps {
  readonly data: Pick<Transparency, 'flows' | 'unrestricted' | 'projects' | 'campaigns' | 'currency'>;
  /** Names of projects and campaigns the totals may not list (a project with expenses but no gifts). */
  readonly names: ReadonlyMap<string, string>;
}

export function FundFlowDiagram({ data, names }: FundFlowDiagramProps) {
  const { t, money } = useI18n();
  const titleId = useId();
  const descId = useId();
  const graph = useMemo(() => {
    const label = (key: FlowKey): string => {
      switch (key.kind) {
        case 'unrestricted':
          return t('transparency.flow.unrestricted');
        case 'general':
          return t('transparency.flow.general');
        case 'fees':
          return t('transparency.flow.fees');
        case 'unspent':
          return t('transparency.flow.unspent');
        case 'project':
        case 'campaign':
          return names.get(key.id) ?? key.id;
        case 'category':
          return key.id.charAt(0).toUpperCase() + key.id.slice(1).replace(/-/g, ' ');
      }
    };
    return buildFundFlow(data, label);
  }, [data, names, t]);

  if (graph.links.length === 0) return <p className="empty">{t('transparency.flowEmpty')}</p>;

  const perColumn = Math.max(...[0, 1, 2].map((c) => graph.nodes.filter((n) => n.column === c).length));
  const height = Math.max(220, perColumn * 60);
  const layout = layoutSankey(graph.nodes, graph.links, {
    width: WIDTH - LABEL_ROOM,
    height,
    nodeWidth: NODE_WIDTH,
    // Wide enough for a label line between two thin nodes.
    nodeGap: 20,
  });
  const kindOf = new Map(graph.nodes.map((n) => [n.id, n.key.kind]));
  const labelOf = new Map(graph.nodes.map((n) => [n.id, n.label]));
  const amount = (minor: number) => money(minor, data.currency);

  return (
    <div className="tr-flow">
      <div className="tr-flow-scroll" tabIndex={0} role="group" aria-labelledby={titleId}>
        <svg
          className="tr-sankey"
          viewBox={`-4 -4 ${WIDTH + 8} ${height + 8}`}
          width={WIDTH + 8}
          height={height + 8}
          role="img"
          aria-labelledby={`${titleId} ${descId}`}
          data-testid="fund-flow"
        >
          <title id={titleId}>{t('transparency.flow')}</title>
          <desc id={descId}>{t('transparency.flowDesc')}</desc>
          <g className="tr-sankey-links">
            {layout.links.map((l) => (
              <path
                key={`${l.source}>${l.target}`}
                d={l.path}
                fill={COLORS[kindOf.get(l.source) ?? 'category']}
                fillOpacity={0.28}
              >
                <title>{`${labelOf.get(l.source)} → ${labelOf.get(l.target)}: ${amount(l.value)}`}</title>
              </path>
            ))}
          </g>
          <g className="tr-sankey-nodes">
            {layout.nodes.map((n) => {
              return (
                <g key={n.id}>
                  <rect
                    x={n.x}
                    y={n.y}
                    width={n.width}
                    height={Math.max(n.height, 1)}
                    rx={2}
                    fill={COLORS[kindOf.get(n.id) ?? 'category']}
                  >
                    <title>{`${n.label}: ${amount(n.value)}`}</title>
                  </rect>
                  <text
                    x={n.x + n.width + LABEL_GAP}
                    y={n.y + n.height / 2}
                    dominantBaseline="middle"
                    className="tr-sankey-label"
                  >
                    <tspan className="tr-sankey-name">{n.label}</tspan>
                    <tspan className="tr-sankey-value" dx={6}>
                      {amount(n.value)}
                    </tspan>
                  </text>
                </g>
              );
            })}
          </g>
        </svg>
      </div>
      <details className="tr-flow-table">
        <summary>{t('transparency.flowTable')}</summary>
        <div className="tr-table-scroll">
          <table className="tr-table">
            <thead>
              <tr>
                <th scope="col">{t('transparency.from')}</th>
                <th scope="col">{t('transparency.to')}</th>
                <th scope="col" className="tr-num">
                  {t('transparency.amount')}
                </th>
              </tr>
            </thead>
            <tbody>
              {graph.links.map((l) => (
                <tr key={`${l.source}>${l.target}`}>
                  <td>{labelOf.get(l.source)}</td>
                  <td>{labelOf.get(l.target)}</td>
                  <td className="tr-num">{amount(l.value)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </details>
    </div>
  );
}
