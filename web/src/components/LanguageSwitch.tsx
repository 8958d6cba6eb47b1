import { useI18n } from '../i18n';

/** One button naming the other language in that language, marked with its own lang so a screen
 *  reader pronounces it right. */
export function LanguageSwitch() {
  const { lang, setLang } = useI18n();
  const other = lang === 'en' ? 'zh-TW' : 'en';
  return (
    <button
      type="button"
      className="lang-switch"
      lang={other === 'en' ? 'en' : 'zh-Hant-TW'}
      onClick={() => setLang(other)}
    >
      {other === 'en' ? 'English' : '中文'}
    </button>
  );
}
