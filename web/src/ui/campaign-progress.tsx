// A campaign's money raised against its goal: the amounts in words and a bar that screen readers
// announce as a progress bar. The bar stops at 100 %; the words say if the goal was passed.
import type { CampaignSummary } from '../api';
import { goalPercent } from '../format';
import { useI18n } from '../i18n';

export function CampaignProgress({ campaign }: { readonly campaign: CampaignSummary }) {
  const { t, money, percent } = useI18n();
  const raised = money(campaign.raisedMinor, campaign.currency);
  const progress = goalPercent(campaign.raisedMinor, campaign.goalMinor);

  if (progress === null) {
    return <p className="progress-summary">{t('campaign.raised', { raised })}</p>;
  }
  const summary = t('campaign.raisedOfGoal', { raised, goal: money(campaign.goalMinor, campaign.currency) });
  const bar = Math.min(progress, 100);
  return (
    <div className="progress">
      <p className="progress-summary">
        <span>{summary}</span>
        <span className="progress-percent">
          {t('campaign.percentOfGoal', { percent: percent(progress) })}
        </span>
      </p>
      <div
        className="progress-track"
        role="progressbar"
        aria-label={campaign.name}
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={bar}
        aria-valuetext={summary}
      >
        {/* Nothing drawn at 0 %: a dot would read as money raised. */}
        {bar > 0 && <div className="progress-fill" style={{ width: `${bar}%` }} />}
      </div>
    </div>
  );
}
