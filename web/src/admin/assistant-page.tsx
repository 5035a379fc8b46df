// The assistant screen: try a sentence and see the language, intent, confidence and entities the
// assistant reads in it; list, add and delete the organisation's own examples; retrain the model.
import { useCallback, useState, type FormEvent } from 'react';
import { useI18n } from '../i18n';
import { ErrorNotice, Loading, useDocumentTitle } from '../ui';
import {
  ASSISTANT_INTENTS,
  ASSISTANT_LANGUAGES,
  AssistantApiError,
  assistantClient,
  type AssistantIntent,
  type ModelReport,
  type Understanding,
} from './assistant-client';
import { useSession, useSessionRequest } from './session';

function problemKey(error: unknown): 'assistant.duplicate' | 'assistant.invalid' | null {
  if (!(error instanceof AssistantApiError)) return null;
  if (error.code === 'BOT_EXAMPLE_DUPLICATE') return 'assistant.duplicate';
  if (error.statusCode === 400) return 'assistant.invalid';
  return null;
}

export function AssistantPage() {
  const { t } = useI18n();
  const { user } = useSession();
  const canManage = user.role === 'owner' || user.role === 'fundraiser';
  useDocumentTitle(t('assistant.title'));

  const load = useCallback((signal: AbortSignal) => assistantClient.examples(signal), []);
  const state = useSessionRequest(load);

  const [sentence, setSentence] = useState('');
  const [hint, setHint] = useState('');
  const [result, setResult] = useState<Understanding | null>(null);
  const [problem, setProblem] = useState<unknown>(null);
  const [newText, setNewText] = useState('');
  const [newLanguage, setNewLanguage] = useState<string>('it');
  const [newIntent, setNewIntent] = useState<AssistantIntent>('donate');
  const [training, setTraining] = useState(false);
  const [trained, setTrained] = useState<ModelReport | null>(null);

  async function tryIt(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    try {
      setResult(await assistantClient.understand(sentence, hint || undefined));
    } catch (error) {
      setProblem(error);
    }
  }

  async function add(event: FormEvent) {
    event.preventDefault();
    setProblem(null);
    try {
      await assistantClient.addExample(newLanguage, newIntent, newText);
      setNewText('');
      state.retry();
    } catch (error) {
      setProblem(error);
    }
  }

  async function remove(id: string, text: string) {
    if (!window.confirm(t('assistant.deleteConfirm', { text }))) return;
    setProblem(null);
    try {
      await assistantClient.removeExample(id);
      state.retry();
    } catch (error) {
      setProblem(error);
    }
  }

  async function retrain() {
    setTraining(true);
    setProblem(null);
    try {
      setTrained(await assistantClient.train());
      state.retry();
    } catch (error) {
      setProblem(error);
    } finally {
      setTraining(false);
    }
  }

  const model = trained ?? (state.status === 'ready' ? state.data.model : null);
  const known = problemKey(problem);

  return (
    <div className="page">
      <div className="page-head">
        <h1>{t('assistant.title')}</h1>
      </div>
      <p>{t('assistant.intro')}</p>
      {problem !== null &&
        (known ? (
          <p className="notice" role="alert">
            {t(known)}
          </p>
        ) : (
          <ErrorNotice error={problem} />
        ))}

      <section className="section" aria-labelledby="assistant-try">
        <h2 id="assistant-try">{t('assistant.try')}</h2>
        <form onSubmit={(e) => void tryIt(e)} className="inline-form">
          <input
            value={sentence}
            onChange={(e) => setSentence(e.target.value)}
            placeholder={t('assistant.tryPlaceholder')}
            aria-label={t('assistant.try')}
            maxLength={10_000}
          />
          <select value={hint} onChange={(e) => setHint(e.target.value)} aria-label={t('assistant.language')}>
            <option value="">{t('assistant.languageAuto')}</option>
            {ASSISTANT_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {l}
              </option>
            ))}
          </select>
          <button type="submit" className="button" disabled={sentence.trim() === ''}>
            {t('assistant.analyse')}
          </button>
        </form>
        {result && (
          <div className="card" data-testid="assistant-understanding">
            <dl>
              <dt>{t('assistant.detected')}</dt>
              <dd>{result.language}</dd>
              <dt>{t('assistant.intent')}</dt>
              <dd>{result.intent}</dd>
              <dt>{t('assistant.confidence')}</dt>
              <dd>{Math.round(result.confidence * 100)}%</dd>
            </dl>
            {result.reason && <p className="muted">{t('assistant.reason', { reason: result.reason })}</p>}
            {result.guess && <p className="muted">{t('assistant.guess', { intent: result.guess })}</p>}
            <h3>{t('assistant.entities')}</h3>
            {result.entities.length === 0 ? (
              <p className="muted">{t('assistant.noEntities')}</p>
            ) : (
              <ul>
                {result.entities.map((e, i) => (
                  <li key={i}>
                    <code>{e.type}</code> “{e.text}” → {String(e.value)}
                    {e.currency ? ` ${e.currency}` : ''}
                    {e.unit ? ` (${e.unit})` : ''}
                  </li>
                ))}
              </ul>
            )}
            {canManage && result.language !== 'und' && (
              <button
                type="button"
                className="button button-secondary"
                onClick={() => {
                  setNewText(sentence.slice(0, 300));
                  setNewLanguage(result.language);
                  setNewIntent(result.guess ?? result.intent);
                }}
              >
                {t('assistant.addAsExample')}
              </button>
            )}
          </div>
        )}
      </section>

      <section className="section" aria-labelledby="assistant-examples">
        <div className="page-head">
          <h2 id="assistant-examples">{t('assistant.examples')}</h2>
          {canManage && (
            <button type="button" className="button" onClick={() => void retrain()} disabled={training}>
              {training ? t('assistant.training') : t('assistant.retrain')}
            </button>
          )}
        </div>
        <p className="muted" data-testid="assistant-model">
          {model
            ? t('assistant.model', {
                examples: model.examples,
                own: model.organisationExamples,
                ms: model.trainingMs,
                at: new Date(model.trainedAt).toLocaleString(),
              })
            : t('assistant.noModel')}
        </p>
        {canManage ? (
          <form onSubmit={(e) => void add(e)} className="inline-form">
            <input
              value={newText}
              onChange={(e) => setNewText(e.target.value)}
              aria-label={t('assistant.text')}
              maxLength={300}
              required
            />
            <select
              value={newLanguage}
              onChange={(e) => setNewLanguage(e.target.value)}
              aria-label={t('assistant.language')}
            >
              {ASSISTANT_LANGUAGES.map((l) => (
                <option key={l} value={l}>
                  {l}
                </option>
              ))}
            </select>
            <select
              value={newIntent}
              onChange={(e) => setNewIntent(e.target.value as AssistantIntent)}
              aria-label={t('assistant.intent')}
            >
              {ASSISTANT_INTENTS.map((i) => (
                <option key={i} value={i}>
                  {i}
                </option>
              ))}
            </select>
            <button type="submit" className="button">
              {t('assistant.add')}
            </button>
          </form>
        ) : (
          <p className="muted">{t('assistant.readOnly')}</p>
        )}
        {state.status === 'loading' && <Loading />}
        {state.status === 'failed' && <ErrorNotice error={state.error} onRetry={state.retry} />}
        {state.status === 'ready' &&
          (state.data.items.length === 0 ? (
            <p className="muted">{t('assistant.noExamples')}</p>
          ) : (
            <table className="table">
              <thead>
                <tr>
                  <th>{t('assistant.text')}</th>
                  <th>{t('assistant.language')}</th>
                  <th>{t('assistant.intent')}</th>
                  <th>{t('assistant.added')}</th>
                  {canManage && <th />}
                </tr>
              </thead>
              <tbody>
                {state.data.items.map((e) => (
                  <tr key={e.id}>
                    <td>{e.text}</td>
                    <td>{e.language}</td>
                    <td>{e.intent}</td>
                    <td>{new Date(e.createdAt).toLocaleDateString()}</td>
                    {canManage && (
                      <td>
                        <button
                          type="button"
                          className="button button-secondary"
                          onClick={() => void remove(e.id, e.text)}
                        >
                          {t('assistant.delete')}
                        </button>
                      </td>
                    )}
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
      </section>
    </div>
  );
}
