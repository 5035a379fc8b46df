// Pieces the admin events page and the public event pages share: kind names, a title in the reader's
// language, progress towards the distance goal, and the leaderboard table.
import { useI18n, type PlainMessageKey } from '../i18n';
import type { EventKind, LeaderboardEntry, LocalizedText } from './events-api';
import { distancePercent, formatDistance, formatDuration } from './figures';

export const KIND_LABELS: Readonly<Record<EventKind, PlainMessageKey>> = {
  run: 'events.kind.run',
  walk: 'events.kind.walk',
  cycle: 'events.kind.cycle',
  swim: 'events.kind.swim',
  other: 'events.kind.other',
};

/** A title or description in the reader's language, else the first one written. */
export function localized(text: LocalizedText, language: string): string {
  if (typeof text === 'string') return text;
  const byLanguage = text as Readonly<Record<string, string | undefined>>;
  return byLanguage[language] ?? Object.values(byLanguage).find((v) => v !== undefined) ?? '';
}

/** Distance done against the goal, as words and a progress bar screen readers announce. */
export function DistanceProgress({
  label,
  metres,
  goalMetres,
}: {
  readonly label: string;
  readonly metres: number;
  readonly goalMetres: number | null;
}) {
  const { t, locale, percent } = useI18n();
  const done = formatDistance(metres, locale);
  const progress = distancePercent(metres, goalMetres);
  if (progress === null || goalMetres === null)
    return <p className="progress-summary">{t('eventsPublic.soFar', { done })}</p>;
  const summary = t('events.progress', { done, goal: formatDistance(goalMetres, locale) });
  const bar = Math.min(progress, 100);
  return (
    <div className="progress">
      <p className="progress-summary">
        <span>{summary}</span>
        <span className="progress-percent">{t('eventsPublic.percent', { percent: percent(progress) })}</span>
      </p>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={bar}
        aria-valuetext={summary}
      >
        {bar > 0 && <div className="progress-fill" style={{ width: `${bar}%` }} />}
      </div>
    </div>
  );
}

/** The leaderboard as a table: place, first name and initial, distance, time. */
export function Leaderboard({ entries }: { readonly entries: readonly LeaderboardEntry[] }) {
  const { t, locale } = useI18n();
  if (entries.length === 0) return <p className="empty">{t('eventsPublic.leaderboardEmpty')}</p>;
  return (
    <div className="tr-table-scroll">
      <table className="tr-table ev-leaderboard" data-testid="leaderboard">
        <thead>
          <tr>
            <th scope="col" className="tr-num">
              {t('eventsPublic.rank')}
            </th>
            <th scope="col">{t('eventsPublic.name')}</th>
            <th scope="col" className="tr-num">
              {t('eventsPublic.distance')}
            </th>
            <th scope="col" className="tr-num">
              {t('eventsPublic.time')}
            </th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry, i) => (
            <tr key={`${entry.rank}-${i}`}>
              <td className="tr-num">{entry.rank}</td>
              <td>{entry.name ?? t('eventsPublic.anonymous')}</td>
              <td className="tr-num">{formatDistance(entry.distanceMetres, locale)}</td>
              <td className="tr-num">
                {entry.durationSeconds > 0 ? formatDuration(entry.durationSeconds) : '—'}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
