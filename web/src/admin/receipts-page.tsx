// Receipts: the year's numbered receipts with their PDFs (a voided one shows its cancellation), and
// each campaign's report (rendiconto) as PDF or CSV. Receipts are issued by the server for every gift
// with a donor; this page lists and downloads them.
import { useCallback, useState } from 'react';
import { useI18n } from '../i18n';
import { ErrorNotice, Loading, useDocumentTitle } from '../ui';
import { useSessionRequest } from './session';

interface ReceiptRow {
  readonly id: string;
  readonly number: string;
  readonly giftDate: string;
  readonly donorName: string | null;
  readonly amountMinor: number;
  readonly currency: string;
  readonly format: 'it' | 'de';
  readonly status: 'issued' | 'voided';
}

interface CampaignRow {
  readonly id: string;
  readonly name: string;
}

async function getJson<T>(path: string, signal: AbortSignal): Promise<T> {
  const response = await fetch(path, {
    credentials: 'same-origin',
    headers: { accept: 'application/json' },
    signal,
  });
  const json = (await response.json()) as T & { message?: string };
  if (!response.ok) throw new Error(json.message ?? `HTTP ${response.status}`);
  return json;
}

export function ReceiptsPage() {
  const { t, money } = useI18n();
  const thisYear = new Date().getFullYear();
  const [year, setYear] = useState(thisYear);
  const load = useCallback(
    async (signal: AbortSignal) => {
      const [receipts, campaigns, settings] = await Promise.all([
        getJson<{ items: ReceiptRow[] }>(`/api/v1/receipts?year=${year}&limit=200`, signal),
        getJson<{ items: CampaignRow[] }>('/api/v1/campaigns', signal),
        getJson<{ missing: string[] }>('/api/v1/receipts/settings', signal),
      ]);
      return { receipts: receipts.items, campaigns: campaigns.items, missing: settings.missing };
    },
    [year],
  );
  const state = useSessionRequest(load);
  useDocumentTitle(t('receipts.title'));

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('receipts.title')}</h1>
        <label>
          {t('receipts.year')}{' '}
          <select value={year} onChange={(e) => setYear(Number(e.target.value))} data-testid="receipts-year">
            {[0, 1, 2, 3].map((back) => (
              <option key={back} value={thisYear - back}>
                {thisYear - back}
              </option>
            ))}
          </select>
        </label>
      </div>
      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <ErrorNotice error={state.error} onRetry={state.retry} />}
      {state.status === 'ready' && (
        <>
          {state.data.missing.length > 0 && (
            <p className="notice" role="status">
              {t('receipts.settingsMissing', { fields: state.data.missing.join(', ') })}
            </p>
          )}
          <section className="section" aria-label={t('receipts.title')}>
            {state.data.receipts.length === 0 ? (
              <p className="empty">{t('receipts.empty')}</p>
            ) : (
              <table className="table" data-testid="receipts">
                <thead>
                  <tr>
                    <th scope="col">{t('receipts.number')}</th>
                    <th scope="col">{t('receipts.date')}</th>
                    <th scope="col">{t('receipts.donor')}</th>
                    <th scope="col">{t('receipts.amount')}</th>
                    <th scope="col">{t('receipts.status')}</th>
                    <th scope="col">PDF</th>
                  </tr>
                </thead>
                <tbody>
                  {state.data.receipts.map((r) => (
                    <tr key={r.id}>
                      <td>{r.number}</td>
                      <td>{r.giftDate}</td>
                      <td>{r.donorName ?? t('receipts.erased')}</td>
                      <td>{money(r.amountMinor, r.currency)}</td>
                      <td>{r.status === 'issued' ? t('receipts.issued') : t('receipts.voided')}</td>
                      <td>
                        <a href={`/api/v1/receipts/${r.id}.pdf`} download>
                          {t('receipts.download')}
                        </a>
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            )}
          </section>
          <section className="section" aria-labelledby="receipt-reports">
            <h2 id="receipt-reports">{t('receipts.reports')}</h2>
            {state.data.campaigns.length === 0 ? (
              <p className="empty">{t('receipts.noCampaigns')}</p>
            ) : (
              <ul className="cards" data-testid="campaign-reports">
                {state.data.campaigns.map((c) => (
                  <li key={c.id} className="card">
                    <h3>{c.name}</h3>
                    <p>
                      <a href={`/api/v1/campaigns/${c.id}/report.pdf`} download>
                        {t('receipts.reportPdf')}
                      </a>{' '}
                      ·{' '}
                      <a href={`/api/v1/campaigns/${c.id}/report.csv`} download>
                        {t('receipts.reportCsv')}
                      </a>
                    </p>
                  </li>
                ))}
              </ul>
            )}
          </section>
        </>
      )}
    </div>
  );
}
