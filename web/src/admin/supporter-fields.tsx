// A supporter's contact details as staff type them: the same fields when adding a supporter and when
// correcting one, with the channel they asked us to write on. The server checks the whole result
// (an address or a phone number, E.164, a known time zone, the preferred channel's address).
import { useI18n } from '../i18n';
import type { PreferredChannel, Supporter, SupporterDetails } from '../api';

export const SUPPORTER_LANGUAGES = ['it', 'en', 'de', 'es', 'fr'] as const;

export function languageName(code: string, locale: string): string {
  try {
    return new Intl.DisplayNames([locale], { type: 'language' }).of(code) ?? code;
  } catch {
    return code;
  }
}

export interface SupporterDraft {
  readonly name: string;
  readonly email: string;
  readonly phone: string;
  readonly language: string;
  readonly timeZone: string;
  readonly country: string;
  readonly preferredChannel: PreferredChannel | '';
}

export function emptyDraft(language: string): SupporterDraft {
  return {
    name: '',
    email: '',
    phone: '',
    language,
    timeZone: 'Europe/Rome',
    country: '',
    preferredChannel: '',
  };
}

export function draftOf(s: Supporter): SupporterDraft {
  return {
    name: s.displayName ?? '',
    email: s.email ?? '',
    phone: s.phone ?? '',
    language: s.language,
    timeZone: s.timeZone,
    country: s.country ?? '',
    preferredChannel: s.preferredChannel ?? '',
  };
}

/** Whether the draft names no way to reach the supporter (the server refuses that too). */
export function lacksContact(d: SupporterDraft): boolean {
  return !d.email.trim() && !d.phone.trim();
}

/** The whole draft as the API takes it: empty fields are null (cleared). */
export function detailsOf(d: SupporterDraft): SupporterDetails {
  const orNull = (v: string) => v.trim() || null;
  const email = orNull(d.email);
  const phone = orNull(d.phone);
  // A preference whose address was just removed is dropped rather than refused.
  const preferred =
    (d.preferredChannel === 'email' && email) || (d.preferredChannel === 'whatsapp' && phone)
      ? d.preferredChannel
      : null;
  return {
    displayName: orNull(d.name),
    email,
    phone,
    language: d.language,
    timeZone: d.timeZone.trim(),
    country: orNull(d.country)?.toUpperCase() ?? null,
    preferredChannel: preferred,
  };
}

export function SupporterFields({
  idPrefix,
  draft,
  onChange,
  missingContact,
}: {
  readonly idPrefix: string;
  readonly draft: SupporterDraft;
  readonly onChange: (next: SupporterDraft) => void;
  /** Submitted without an address or a phone number: the note saying one is needed turns into an error. */
  readonly missingContact: boolean;
}) {
  const { t, locale } = useI18n();
  const describedBy = `${idPrefix}-contact-needed`;
  const set = <K extends keyof SupporterDraft>(key: K, value: SupporterDraft[K]) =>
    onChange({ ...draft, [key]: value });
  const id = (field: string) => `${idPrefix}-${field}`;
  return (
    <>
      <div className="tr-form-grid">
        <div className="field">
          <label htmlFor={id('name')}>{t('supporters.name')}</label>
          <input
            id={id('name')}
            maxLength={200}
            value={draft.name}
            onChange={(e) => set('name', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={id('email')}>{t('supporters.email')}</label>
          <input
            id={id('email')}
            type="email"
            maxLength={254}
            autoComplete="off"
            value={draft.email}
            aria-describedby={describedBy}
            onChange={(e) => set('email', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={id('phone')}>{t('supporters.phone')}</label>
          <input
            id={id('phone')}
            type="tel"
            maxLength={32}
            autoComplete="off"
            value={draft.phone}
            aria-describedby={describedBy}
            onChange={(e) => set('phone', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={id('language')}>{t('supporters.language')}</label>
          <select
            id={id('language')}
            value={draft.language}
            onChange={(e) => set('language', e.target.value)}
          >
            {SUPPORTER_LANGUAGES.map((l) => (
              <option key={l} value={l}>
                {languageName(l, locale)}
              </option>
            ))}
          </select>
        </div>
        <div className="field">
          <label htmlFor={id('tz')}>{t('supporters.timeZone')}</label>
          <input
            id={id('tz')}
            required
            maxLength={64}
            value={draft.timeZone}
            onChange={(e) => set('timeZone', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={id('country')}>{t('supporters.country')}</label>
          <input
            id={id('country')}
            maxLength={2}
            pattern="[A-Za-z]{2}"
            value={draft.country}
            onChange={(e) => set('country', e.target.value)}
          />
        </div>
        <div className="field">
          <label htmlFor={id('preferred')}>{t('supporters.preferredChannel')}</label>
          <select
            id={id('preferred')}
            value={draft.preferredChannel}
            aria-describedby={id('preferred-hint')}
            onChange={(e) => set('preferredChannel', e.target.value as SupporterDraft['preferredChannel'])}
          >
            <option value="">{t('supporters.preferredChannel.none')}</option>
            <option value="whatsapp" disabled={!draft.phone.trim()}>
              {t('supporters.channel.whatsapp')}
            </option>
            <option value="email" disabled={!draft.email.trim()}>
              {t('supporters.channel.email')}
            </option>
          </select>
          <p id={id('preferred-hint')} className="field-hint">
            {t('supporters.preferredChannelHint')}
          </p>
        </div>
      </div>
      <p
        id={describedBy}
        className={missingContact ? 'status status-error' : 'field-hint'}
        role={missingContact ? 'alert' : undefined}
      >
        {t('supporters.contactNeeded')}
      </p>
    </>
  );
}
