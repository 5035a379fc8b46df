// Bank reconciliation: upload a camt.053 statement (XML or ZIP) or a CSV export with a saved bank
// mapping, watch the import's progress, and resolve the credits that matched no donor: pick the donor
// (search by name, e-mail or donor number), mark the gift anonymous, or say it is not a gift.
// Debits are listed in the import's counts only; linking them to expenses is not built yet.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useI18n, type PlainMessageKey } from '../i18n';
import { ErrorNotice, Loading, useDocumentTitle } from '../ui';
import {
  BankApiError,
  reconciliationClient,
  type BankEntry,
  type BankImport,
  type BankMapping,
  type Donor,
} from './reconciliation-client';

const NOTES: Readonly<Record<string, PlainMessageKey>> = {
  'no-match': 'reconciliation.note.noMatch',
  'ambiguous-name': 'reconciliation.note.ambiguousName',
  'ambiguous-iban': 'reconciliation.note.ambiguousIban',
  'ambiguous-donor-number': 'reconciliation.note.ambiguousNumber',
  'unknown-donor-number': 'reconciliation.note.unknownNumber',
};

const STATUS: Readonly<Record<BankImport['status'], PlainMessageKey>> = {
  queued: 'reconciliation.status.queued',
  processing: 'reconciliation.status.processing',
  completed: 'reconciliation.status.completed',
  failed: 'reconciliation.status.failed',
};

function errorText(error: unknown): string {
  if (error instanceof BankApiError) return `${error.message} (${error.code})`;
  return error instanceof Error ? error.message : String(error);
}

export function ReconciliationPage() {
  const { t } = useI18n();
  useDocumentTitle(t('reconciliation.title'));
  const [mappings, setMappings] = useState<readonly BankMapping[]>([]);
  const [imports, setImports] = useState<readonly BankImport[] | null>(null);
  const [current, setCurrent] = useState<BankImport | null>(null);
  const [queueTick, setQueueTick] = useState(0);
  const [loadError, setLoadError] = useState<unknown>(null);

  const reloadLists = useCallback(() => {
    const controller = new AbortController();
    Promise.all([
      reconciliationClient.mappings(controller.signal),
      reconciliationClient.imports(controller.signal),
    ]).then(
      ([m, i]) => {
        setMappings(m.items);
        setImports(i.items);
        setLoadError(null);
      },
      (error: unknown) => {
        if (!controller.signal.aborted) setLoadError(error);
      },
    );
    return () => controller.abort();
  }, []);
  useEffect(reloadLists, [reloadLists]);

  // Poll the running import until it is done, then refresh the queue and the list.
  useEffect(() => {
    if (!current || current.status === 'completed' || current.status === 'failed') return;
    const timer = setTimeout(() => {
      reconciliationClient.import(current.id).then(
        (next) => {
          setCurrent(next);
          if (next.status === 'completed' || next.status === 'failed') {
            setQueueTick((n) => n + 1);
            reloadLists();
          }
        },
        () => undefined,
      );
    }, 600);
    return () => clearTimeout(timer);
  }, [current, reloadLists]);

  return (
    <div className="page" data-testid="reconciliation">
      <div className="page-head">
        <h1>{t('reconciliation.title')}</h1>
      </div>
      <p>{t('reconciliation.lead')}</p>
      {loadError !== null && <ErrorNotice error={loadError} onRetry={reloadLists} />}
      <UploadForm mappings={mappings} onStarted={setCurrent} />
      {current && <ImportProgressView imp={current} />}
      <UnmatchedQueue tick={queueTick} />
      <section className="section" aria-labelledby="bank-imports">
        <h2 id="bank-imports">{t('reconciliation.imports.title')}</h2>
        {imports === null ? (
          <Loading />
        ) : imports.length === 0 ? (
          <p className="empty">{t('reconciliation.imports.empty')}</p>
        ) : (
          <table className="table" data-testid="bank-imports">
            <thead>
              <tr>
                <th scope="col">{t('reconciliation.imports.file')}</th>
                <th scope="col">{t('reconciliation.imports.format')}</th>
                <th scope="col">{t('reconciliation.imports.status')}</th>
                <th scope="col">{t('reconciliation.progress.matched')}</th>
                <th scope="col">{t('reconciliation.progress.unmatched')}</th>
                <th scope="col">{t('reconciliation.progress.duplicates')}</th>
              </tr>
            </thead>
            <tbody>
              {imports.map((i) => (
                <tr key={i.id}>
                  <td>{i.filename}</td>
                  <td>{i.format}</td>
                  <td>{t(STATUS[i.status])}</td>
                  <td>{i.progress.matched}</td>
                  <td>{i.progress.unmatched}</td>
                  <td>{i.progress.duplicates}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <MappingForm onSaved={reloadLists} />
    </div>
  );
}

function UploadForm({
  mappings,
  onStarted,
}: {
  readonly mappings: readonly BankMapping[];
  readonly onStarted: (imp: BankImport) => void;
}) {
  const { t } = useI18n();
  const [file, setFile] = useState<File | null>(null);
  const [mappingId, setMappingId] = useState('');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!file) return;
    setSending(true);
    setError(null);
    try {
      onStarted(await reconciliationClient.upload(file, mappingId || null));
    } catch (err) {
      setError(t('reconciliation.upload.refused', { reason: errorText(err) }));
    } finally {
      setSending(false);
    }
  };

  return (
    <section className="section" aria-labelledby="bank-upload">
      <h2 id="bank-upload">{t('reconciliation.upload.title')}</h2>
      <form onSubmit={(e) => void submit(e)} className="form" data-testid="bank-upload">
        <label>
          {t('reconciliation.upload.file')}
          <input
            type="file"
            accept=".xml,.zip,.csv,.txt,application/xml,application/zip,text/csv"
            onChange={(e) => setFile(e.target.files?.[0] ?? null)}
            required
          />
        </label>
        <label>
          {t('reconciliation.upload.mapping')}
          <select value={mappingId} onChange={(e) => setMappingId(e.target.value)}>
            <option value="">{t('reconciliation.upload.noMapping')}</option>
            {mappings.map((m) => (
              <option key={m.id} value={m.id}>
                {m.name}
              </option>
            ))}
          </select>
        </label>
        <button type="submit" className="button primary" disabled={!file || sending}>
          {sending ? t('reconciliation.upload.sending') : t('reconciliation.upload.submit')}
        </button>
        {error && (
          <p className="notice error" role="alert">
            {error}
          </p>
        )}
      </form>
    </section>
  );
}

function ImportProgressView({ imp }: { readonly imp: BankImport }) {
  const { t } = useI18n();
  const p = imp.progress;
  return (
    <section className="section" aria-live="polite" data-testid="bank-progress">
      <h2>
        {imp.filename} — {t(STATUS[imp.status])}
      </h2>
      <progress max={Math.max(p.total, 1)} value={p.processed} />
      <p>{t('reconciliation.progress.summary', { processed: p.processed, total: p.total })}</p>
      <dl className="stats">
        <div className="stat">
          <dt>{t('reconciliation.progress.matched')}</dt>
          <dd>{p.matched}</dd>
        </div>
        <div className="stat">
          <dt>{t('reconciliation.progress.unmatched')}</dt>
          <dd>{p.unmatched}</dd>
        </div>
        <div className="stat">
          <dt>{t('reconciliation.progress.duplicates')}</dt>
          <dd>{p.duplicates}</dd>
        </div>
        <div className="stat">
          <dt>{t('reconciliation.progress.debits')}</dt>
          <dd>{p.debits}</dd>
        </div>
        <div className="stat">
          <dt>{t('reconciliation.progress.skipped')}</dt>
          <dd>{p.skipped}</dd>
        </div>
      </dl>
      {imp.error && <p className="notice error">{imp.error}</p>}
    </section>
  );
}

function UnmatchedQueue({ tick }: { readonly tick: number }) {
  const { t, money } = useI18n();
  const [items, setItems] = useState<readonly BankEntry[] | null>(null);
  const [again, setAgain] = useState(0);
  useEffect(() => {
    const controller = new AbortController();
    reconciliationClient.unmatched(controller.signal).then(
      (r) => setItems(r.items),
      () => undefined,
    );
    return () => controller.abort();
  }, [tick, again]);
  const done = useCallback(() => setAgain((n) => n + 1), []);

  return (
    <section className="section" aria-labelledby="bank-queue">
      <h2 id="bank-queue">{t('reconciliation.queue.title')}</h2>
      <p className="hint">{t('reconciliation.queue.debits')}</p>
      {items === null ? (
        <Loading />
      ) : items.length === 0 ? (
        <p className="empty">{t('reconciliation.queue.empty')}</p>
      ) : (
        <ul className="cards" data-testid="bank-queue">
          {items.map((e) => (
            <li key={e.id} className="card">
              <h3>
                {money(e.amountMinor, e.currency)} · {e.bookingDate}
              </h3>
              <p>
                {e.counterpartyName ?? '—'}
                {e.counterpartyIban ? ` · ${e.counterpartyIban}` : ''}
              </p>
              {e.remittance && <p>“{e.remittance}”</p>}
              <NoteLine note={e.matchNote} />
              <ResolveControls entry={e} onDone={done} />
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function NoteLine({ note }: { readonly note: string | null }) {
  const { t } = useI18n();
  const key = note === null ? undefined : NOTES[note];
  return key ? <p className="hint">{t(key)}</p> : null;
}

function ResolveControls({ entry, onDone }: { readonly entry: BankEntry; readonly onDone: () => void }) {
  const { t } = useI18n();
  const [q, setQ] = useState(entry.counterpartyName ?? '');
  const [donors, setDonors] = useState<readonly Donor[] | null>(null);
  const [picked, setPicked] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  const search = async () => {
    setError(null);
    try {
      const r = await reconciliationClient.donors(q);
      setDonors(r.items);
      setPicked(r.items[0]?.contactId ?? '');
    } catch (err) {
      setError(errorText(err));
    }
  };
  const resolve = async (body: Parameters<typeof reconciliationClient.resolve>[1]) => {
    setBusy(true);
    setError(null);
    try {
      await reconciliationClient.resolve(entry.id, body);
      onDone();
    } catch (err) {
      setError(errorText(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="resolve">
      <label>
        {t('reconciliation.queue.search')}
        <input
          value={q}
          onChange={(e) => setQ(e.target.value)}
          onKeyDown={(e) => e.key === 'Enter' && void search()}
        />
      </label>
      <button type="button" className="button" onClick={() => void search()}>
        {t('reconciliation.queue.find')}
      </button>
      {donors !== null &&
        (donors.length === 0 ? (
          <p className="empty">{t('reconciliation.queue.noDonors')}</p>
        ) : (
          <label>
            {t('reconciliation.queue.pick')}
            <select value={picked} onChange={(e) => setPicked(e.target.value)}>
              {donors.map((d) => (
                <option key={d.contactId} value={d.contactId}>
                  {[d.donorNumber, d.name, d.email].filter(Boolean).join(' · ')}
                </option>
              ))}
            </select>
          </label>
        ))}
      <div className="actions">
        <button
          type="button"
          className="button primary"
          disabled={busy || !picked}
          onClick={() => void resolve({ action: 'donor', contactId: picked })}
        >
          {t('reconciliation.queue.confirm')}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void resolve({ action: 'anonymous' })}
        >
          {t('reconciliation.queue.anonymous')}
        </button>
        <button
          type="button"
          className="button"
          disabled={busy}
          onClick={() => void resolve({ action: 'not-a-gift' })}
        >
          {t('reconciliation.queue.notAGift')}
        </button>
      </div>
      {error && (
        <p className="notice error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}

const COLUMN_FIELDS = [
  ['date', 'reconciliation.mapping.colDate'],
  ['amount', 'reconciliation.mapping.colAmount'],
  ['credit', 'reconciliation.mapping.colCredit'],
  ['debit', 'reconciliation.mapping.colDebit'],
  ['currency', 'reconciliation.mapping.colCurrency'],
  ['counterpartyName', 'reconciliation.mapping.colName'],
  ['iban', 'reconciliation.mapping.colIban'],
  ['remittance', 'reconciliation.mapping.colRemittance'],
  ['reference', 'reconciliation.mapping.colReference'],
] as const satisfies readonly (readonly [string, PlainMessageKey])[];

function MappingForm({ onSaved }: { readonly onSaved: () => void }) {
  const { t } = useI18n();
  const [name, setName] = useState('');
  const [delimiter, setDelimiter] = useState(';');
  const [decimalSeparator, setDecimal] = useState(',');
  const [dateFormat, setDateFormat] = useState('DD/MM/YYYY');
  const [encoding, setEncoding] = useState('utf-8');
  const [skipLines, setSkipLines] = useState(0);
  const [defaultCurrency, setCurrency] = useState('EUR');
  const [columns, setColumns] = useState<Record<string, string>>({});
  const [message, setMessage] = useState<string | null>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const cols = Object.fromEntries(Object.entries(columns).filter(([, v]) => v.trim() !== ''));
    try {
      await reconciliationClient.createMapping({
        name,
        settings: {
          delimiter,
          decimalSeparator,
          dateFormat,
          encoding,
          skipLines,
          defaultCurrency,
          columns: cols,
        },
      });
      setMessage(t('reconciliation.mapping.saved'));
      onSaved();
    } catch (err) {
      setMessage(errorText(err));
    }
  };

  return (
    <section className="section" aria-labelledby="bank-mapping">
      <h2 id="bank-mapping">{t('reconciliation.mapping.title')}</h2>
      <p className="hint">{t('reconciliation.mapping.hint')}</p>
      <form className="form" onSubmit={(e) => void submit(e)} data-testid="bank-mapping">
        <label>
          {t('reconciliation.mapping.name')}
          <input value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
        </label>
        <label>
          {t('reconciliation.mapping.delimiter')}
          <select value={delimiter} onChange={(e) => setDelimiter(e.target.value)}>
            <option value=";">;</option>
            <option value=",">,</option>
            <option value={'\t'}>Tab</option>
            <option value="|">|</option>
          </select>
        </label>
        <label>
          {t('reconciliation.mapping.decimal')}
          <select value={decimalSeparator} onChange={(e) => setDecimal(e.target.value)}>
            <option value=",">1.234,56</option>
            <option value=".">1,234.56</option>
          </select>
        </label>
        <label>
          {t('reconciliation.mapping.dateFormat')}
          <select value={dateFormat} onChange={(e) => setDateFormat(e.target.value)}>
            {['DD/MM/YYYY', 'DD.MM.YYYY', 'DD-MM-YYYY', 'YYYY-MM-DD', 'MM/DD/YYYY'].map((f) => (
              <option key={f} value={f}>
                {f}
              </option>
            ))}
          </select>
        </label>
        <label>
          {t('reconciliation.mapping.encoding')}
          <select value={encoding} onChange={(e) => setEncoding(e.target.value)}>
            <option value="utf-8">UTF-8</option>
            <option value="latin1">Latin-1 (Windows-1252)</option>
          </select>
        </label>
        <label>
          {t('reconciliation.mapping.skipLines')}
          <input
            type="number"
            min={0}
            max={50}
            value={skipLines}
            onChange={(e) => setSkipLines(Number(e.target.value))}
          />
        </label>
        <label>
          {t('reconciliation.mapping.currency')}
          <input
            value={defaultCurrency}
            onChange={(e) => setCurrency(e.target.value.toUpperCase())}
            maxLength={3}
          />
        </label>
        <fieldset>
          <legend>{t('reconciliation.mapping.columns')}</legend>
          {COLUMN_FIELDS.map(([field, label]) => (
            <label key={field}>
              {t(label)}
              <input
                value={columns[field] ?? ''}
                onChange={(e) => setColumns((c) => ({ ...c, [field]: e.target.value }))}
              />
            </label>
          ))}
        </fieldset>
        <button type="submit" className="button primary">
          {t('reconciliation.mapping.save')}
        </button>
        {message && <p role="status">{message}</p>}
      </form>
    </section>
  );
}
