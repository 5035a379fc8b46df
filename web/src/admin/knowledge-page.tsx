// The assistant's knowledge base: FAQ entries per language (owners and fundraisers edit them; agents
// and auditors read), the read-only project pages, and a box to try a question and see the answer the
// assistant would give, with the entry it cites and its confidence.
import { useCallback, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { ErrorNotice, Loading, useDocumentTitle } from '../ui';
import {
  knowledgeClient,
  type EntryFields,
  type KnowledgeAnswer,
  type KnowledgeEntry,
} from './knowledge-client';
import { useSession, useSessionRequest } from './session';

const LANGUAGES = ['it', 'en', 'de', 'es', 'fr'] as const;

interface Draft {
  readonly id: string | null;
  readonly sourceId: string;
  readonly question: string;
  readonly phrasings: string;
  readonly answer: string;
  readonly tags: string;
  readonly updatedAt: string;
}

const EMPTY: Draft = {
  id: null,
  sourceId: '',
  question: '',
  phrasings: '',
  answer: '',
  tags: '',
  updatedAt: '',
};

function toDraft(e: KnowledgeEntry): Draft {
  return {
    id: e.id,
    sourceId: e.sourceId,
    question: e.question,
    phrasings: e.phrasings.join('\n'),
    answer: e.answer,
    tags: e.tags.join(', '),
    updatedAt: e.updatedAt,
  };
}

function fields(d: Draft): EntryFields {
  return {
    question: d.question,
    phrasings: d.phrasings
      .split('\n')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    answer: d.answer,
    tags: d.tags
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  };
}

export function KnowledgePage() {
  const { t } = useI18n();
  const { user } = useSession();
  const canWrite = user.role === 'owner' || user.role === 'fundraiser';
  const [language, setLanguage] = useState<string>('it');
  const [version, setVersion] = useState(0);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [question, setQuestion] = useState('');
  const [tried, setTried] = useState<KnowledgeAnswer | null>(null);
  useDocumentTitle(t('knowledge.title'));

  const load = useCallback(
    (signal: AbortSignal) => knowledgeClient.list(language, signal),
    // version is a dependency so that the list reloads after a change.
    [language, version],
  );
  const state = useSessionRequest(load);

  const save = async (event: FormEvent) => {
    event.preventDefault();
    if (!draft) return;
    setBusy(true);
    setError(null);
    try {
      if (draft.id === null) await knowledgeClient.create(language, draft.sourceId.trim(), fields(draft));
      else await knowledgeClient.update(draft.id, fields(draft), draft.updatedAt);
      setDraft(null);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      setBusy(false);
    }
  };

  const remove = async (entry: KnowledgeEntry) => {
    if (!window.confirm(t('knowledge.deleteConfirm', { question: entry.question }))) return;
    setError(null);
    try {
      await knowledgeClient.remove(entry.id);
      setVersion((v) => v + 1);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  const tryIt = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      setTried(await knowledgeClient.answer(question, language));
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('knowledge.title')}</h1>
        <label>
          {t('knowledge.language')}{' '}
          <select
            value={language}
            onChange={(e) => {
              setLanguage(e.target.value);
              setDraft(null);
              setTried(null);
            }}
            data-testid="knowledge-language"
          >
            {LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {l.toUpperCase()}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p>{t('knowledge.intro')}</p>
      {error && (
        <p className="notice" role="alert">
          {error}
        </p>
      )}

      <section className="section" aria-labelledby="knowledge-try">
        <h2 id="knowledge-try">{t('knowledge.try')}</h2>
        <form onSubmit={(e) => void tryIt(e)} className="inline-form">
          <input
            value={question}
            onChange={(e) => setQuestion(e.target.value)}
            placeholder={t('knowledge.tryPlaceholder')}
            aria-label={t('knowledge.try')}
            maxLength={10000}
            data-testid="knowledge-question"
          />
          <button type="submit" className="button">
            {t('knowledge.ask')}
          </button>
        </form>
        {tried && (
          <div className="card" data-testid="knowledge-answer">
            {tried.kind === 'answer' ? (
              <>
                <p>{tried.text}</p>
                <p className="muted">
                  {t('knowledge.source', {
                    title: tried.source?.title ?? '',
                    id: tried.source?.sourceId ?? '',
                  })}{' '}
                  · {t('knowledge.confidence', { value: Math.round(tried.confidence * 100) })}
                  {tried.generated ? ` · ${t('knowledge.generated')}` : ''}
                </p>
              </>
            ) : (
              <p>{t('knowledge.noAnswer', { value: Math.round(tried.confidence * 100) })}</p>
            )}
          </div>
        )}
      </section>

      {state.status === 'loading' && <Loading />}
      {state.status === 'failed' && <ErrorNotice error={state.error} onRetry={state.retry} />}
      {state.status === 'ready' && (
        <section className="section" aria-labelledby="knowledge-entries">
          <div className="page-head">
            <h2 id="knowledge-entries">{t('knowledge.entries')}</h2>
            {canWrite && draft === null && (
              <button type="button" className="button" onClick={() => setDraft(EMPTY)}>
                {t('knowledge.add')}
              </button>
            )}
          </div>
          {draft && (
            <form onSubmit={(e) => void save(e)} className="form card" data-testid="knowledge-form">
              {draft.id === null && (
                <label>
                  {t('knowledge.sourceId')}
                  <input
                    value={draft.sourceId}
                    onChange={(e) => setDraft({ ...draft, sourceId: e.target.value })}
                    pattern="[a-z0-9]+(-[a-z0-9]+)*"
                    maxLength={80}
                    required
                  />
                </label>
              )}
              <label>
                {t('knowledge.question')}
                <input
                  value={draft.question}
                  onChange={(e) => setDraft({ ...draft, question: e.target.value })}
                  maxLength={300}
                  required
                />
              </label>
              <label>
                {t('knowledge.phrasings')}
                <textarea
                  value={draft.phrasings}
                  onChange={(e) => setDraft({ ...draft, phrasings: e.target.value })}
                  rows={4}
                />
              </label>
              <label>
                {t('knowledge.answer')}
                <textarea
                  value={draft.answer}
                  onChange={(e) => setDraft({ ...draft, answer: e.target.value })}
                  rows={6}
                  maxLength={4000}
                  required
                />
              </label>
              <label>
                {t('knowledge.tags')}
                <input value={draft.tags} onChange={(e) => setDraft({ ...draft, tags: e.target.value })} />
              </label>
              <p>
                <button type="submit" className="button" disabled={busy}>
                  {t('knowledge.save')}
                </button>{' '}
                <button type="button" className="button secondary" onClick={() => setDraft(null)}>
                  {t('knowledge.cancel')}
                </button>
              </p>
            </form>
          )}
          {state.data.items.length === 0 ? (
            <p className="empty">{t('knowledge.empty')}</p>
          ) : (
            <table className="table" data-testid="knowledge-entries">
              <thead>
                <tr>
                  <th scope="col">{t('knowledge.question')}</th>
                  <th scope="col">{t('knowledge.sourceId')}</th>
                  <th scope="col">{t('knowledge.updated')}</th>
                  <th scope="col">
                    <span className="visually-hidden">{t('knowledge.actions')}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {state.data.items.map((e) => (
                  <tr key={e.id}>
                    <td>
                      <strong>{e.question}</strong>
                      <br />
                      <span className="muted">
                        {e.answer.length > 140 ? `${e.answer.slice(0, 140)}…` : e.answer}
                      </span>
                    </td>
                    <td>
                      <code>{e.sourceId}</code>
                      {e.kind === 'project' && <> · {t('knowledge.projectPage')}</>}
                    </td>
                    <td>{e.updatedAt.slice(0, 10)}</td>
                    <td>
                      {canWrite && e.kind === 'faq' && (
                        <>
                          <button
                            type="button"
                            className="button secondary"
                            onClick={() => setDraft(toDraft(e))}
                          >
                            {t('knowledge.edit')}
                          </button>{' '}
                          <button type="button" className="button secondary" onClick={() => void remove(e)}>
                            {t('knowledge.delete')}
                          </button>
                        </>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </section>
      )}
    </div>
  );
}
