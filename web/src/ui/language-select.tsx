// The language switcher: a native <select>, so it works with keyboards, screen readers and touch.
import { useId } from 'react';
import { LANGUAGES, LANGUAGE_NAMES, isLanguage, useI18n } from '../i18n';

export function LanguageSelect({ className }: { readonly className?: string }) {
  const { t, language, setLanguage } = useI18n();
  const id = useId();
  return (
    <div className={['language-select', className].filter(Boolean).join(' ')}>
      <label htmlFor={id}>{t('common.language')}</label>
      <select
        id={id}
        value={language}
        onChange={(event) => {
          if (isLanguage(event.target.value)) setLanguage(event.target.value);
        }}
      >
        {LANGUAGES.map((code) => (
          <option key={code} value={code} lang={code}>
            {LANGUAGE_NAMES[code]}
          </option>
        ))}
      </select>
    </div>
  );
}
