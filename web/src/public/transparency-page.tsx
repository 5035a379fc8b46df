// The organisation's public accounts at /transparency: totals, each project's and campaign's money,
// the fund flows as a diagram, and the public log that all of it can be checked against.
import { useCallback } from 'react';
import type { PublicOrganisation } from '../api';
import { useI18n } from '../i18n';
import { ErrorNotice, Loading, useDocumentTitle, useRequest } from '../ui';
import type { FundTotals, LogHistory, Transparency } from '../traceability/ledger-client';
import { useLedgerClient } from '../traceability/shared';
import { FundFlowDiagram } from './fund-flow-diagram';
import '../styles/traceability.css';

export function TransparencyPage({ profile }: { readonly profile: PublicOrganisation }) {
  const { t } = useI18n();
  const client = useLedgerClient();
  const load = useCallback(
    async (signal: AbortSignal) => {
      const [data, log] = await Promise.all([client.transparency(signal), client.logHistory(10, signal)]);
      return { data, log };
    },
    [client],
  );
  const state = useRequest(load);
  useDocumentTitle(t('transparency.title'), profile.organisation.name);
  if (state.status !== 'ready') {
    return (
      <div className="container page">
        <h1>{t('transparency.title')}</h1>
        {state.status === 'loading' ? <Loading /> : <ErrorNotice error={state.error} onRetry={state.retry} />}
      </div>
    );
  }
  return <TransparencyView data={state.data.data} log={state.data.log} profile={profile} />;
}

export function TransparencyView({
  data,
  log,
  profile,
}: {
  readonly data: Transparency;
  readonly log: LogHistory;
  readonly profile: PublicOrganisation;
}) {
  const { t, money, number, dateTime } = useI18n();
  const cur = data.currency;
  const names = new Map<string, string>([
    ...profile.projects.map((p) => [p.id, p.name] as const),
    ...profile.campaigns.map((c) => [c.id, c.name] as const),
    ...data.projects.map((p) => [p.projectId, p.name] as const),
    ...data.campaigns.map((c) => [c.campaignId, c.name] as const),
  ]);
  const funds = [
    ...(data.unrestricted.donations > 0
      ? [{ id: 'unrestricted', name: t('transparency.unrestrictedFund'), totals: data.unrestricted }]
      : []),
    ...data.projects.map((p) => ({ id: p.projectId, name: p.name, totals: p })),
  ];
  const figures: readonly [string, string][] = [
    [t('transparency.raised'), money(data.totals.raisedMinor, cur)],
    [t('transparency.spent'), money(data.totals.spentMinor, cur)],
    [t('transparency.unspent'), money(data.totals.unspentMinor, cur)],
    [t('transparency.fees'), money(data.totals.feesMinor, cur)],
    [t('transparency.refunded'), money(data.totals.refundedMinor, cur)],
    [t('transparency.donations'), number(data.totals.donations)],
  ];

  return (
    <div className="container page tr-page">
      <div className="page-head">
        <p className="eyebrow">{profile.organisation.name}</p>
        <h1>{t('transparency.title')}</h1>
        <p className="muted tr-lead">{t('transparency.intro')}</p>
      </div>

      <section className="section" aria-labelledby="totals-heading">
        <h2 id="totals-heading">{t('transparency.totals')}</h2>
        <dl className="tr-figures" data-testid="transparency-totals">
          {figures.map(([label, value]) => (
            <div key={label} className="tr-figure">
              <dt>{label}</dt>
              <dd>{value}</dd>
            </div>
          ))}
        </dl>
      </section>

      <section className="section" aria-labelledby="flow-heading">
        <h2 id="flow-heading">{t('transparency.flow')}</h2>
        <p className="muted">{t('transparency.flowDesc')}</p>
        <FundFlowDiagram data={data} names={names} />
      </section>

      <section className="section" aria-labelledby="funds-heading">
        <h2 id="funds-heading">{t('transparency.projects')}</h2>
        <FundBars funds={funds} currency={cur} />
      </section>

      {data.campaigns.length > 0 && (
        <section className="section" aria-labelledby="campaign-funds-heading">
          <h2 id="campaign-funds-heading">{t('transparency.campaigns')}</h2>
          <FundBars
            funds={data.campaigns.map((c) => ({ id: c.campaignId, name: c.name, totals: c }))}
            currency={cur}
          />
        </section>
      )}

      <section className="section" aria-labelledby="log-heading">
        <h2 id="log-heading">{t('transparency.log')}</h2>
        <p className="muted">{t('transparency.logIntro')}</p>
        <dl className="tr-log">
          <div>
            <dt>{t('transparency.logSize')}</dt>
            <dd data-testid="log-size">{number(log.size)}</dd>
          </div>
          <div>
            <dt>{t('transparency.logOrigin')}</dt>
            <dd>
              <code>{log.origin}</code>
            </dd>
          </div>
          <div>
            <dt>{t('transparency.logKey')}</dt>
            <dd>
              <code className="tr-hash">{log.verifierKey}</code> <a href="/log/key">/log/key</a>
            </dd>
          </div>
        </dl>
        <p>
          <a className="button button-secondary" href="/log/checkpoint">
            {t('transparency.latestCheckpoint')}
          </a>
        </p>
        <h3>{t('transparency.checkpoints')}</h3>
        {log.checkpoints.length === 0 ? (
          <p className="empty">{t('transparency.noCheckpoints')}</p>
        ) : (
          <div className="tr-table-scroll">
            <table className="tr-table" data-testid="checkpoints">
              <thead>
                <tr>
                  <th scope="col">{t('transparency.checkpointTime')}</th>
                  <th scope="col" className="tr-num">
                    {t('transparency.treeSize')}
                  </th>
                  <th scope="col">{t('transparency.rootHash')}</th>
                </tr>
              </thead>
              <tbody>
                {log.checkpoints.map((c) => (
                  <tr key={c.size}>
                    <td>{dateTime(new Date(c.createdAt))}</td>
                    <td className="tr-num">{number(c.size)}</td>
                    <td>
                      <code className="tr-hash">{c.rootHash}</code>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </div>
  );
}

interface Fund {
  readonly id: string;
  readonly name: string;
  readonly totals: FundTotals;
}

/** Each fund's money as words and as one stacked bar: spent, fees, not yet spent. */
function FundBars({ funds, currency }: { readonly funds: readonly Fund[]; readonly currency: string }) {
  const { t, money } = useI18n();
  if (funds.length === 0) return <p className="empty">{t('transparency.noFunds')}</p>;
  const scale = Math.max(
    1,
    ...funds.map((f) =>
      Math.max(f.totals.raisedMinor, f.totals.spentMinor + f.totals.feesMinor + f.totals.unspentMinor),
    ),
  );
  const pct = (minor: number) => `${Math.max(0, (minor * 100) / scale)}%`;
  return (
    <ul className="tr-bars">
      {funds.map((f) => (
        <li key={f.id} className="tr-bar-item">
          <p className="tr-bar-head">
            <span className="tr-bar-name">{f.name}</span>
            <span className="tr-bar-total">{money(f.totals.raisedMinor, currency)}</span>
          </p>
          <div className="tr-bar" aria-hidden="true">
            <span className="tr-bar-spent" style={{ width: pct(f.totals.spentMinor) }} />
            <span className="tr-bar-fees" style={{ width: pct(f.totals.feesMinor) }} />
            <span className="tr-bar-unspent" style={{ width: pct(f.totals.unspentMinor) }} />
          </div>
          <p className="meta">
            {t('transparency.bar', {
              spent: money(f.totals.spentMinor, currency),
              fees: money(f.totals.feesMinor, currency),
              unspent: money(f.totals.unspentMinor, currency),
              raised: money(f.totals.raisedMinor, currency),
            })}
          </p>
        </li>
      ))}
    </ul>
  );
}
