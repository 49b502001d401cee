import { useTranslation } from 'react-i18next';
import { Button } from './Button';

export function LanguageSwitch() {
  const { t, i18n } = useTranslation();
  const next = i18n.language === 'de' ? 'en' : 'de';
  return (
    <Button lang={next} aria-label={t('language.switchToLabel')} onClick={() => void i18n.changeLanguage(next)}>
      {t('language.switchTo')}
    </Button>
  );
}
