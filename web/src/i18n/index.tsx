// Every visible string comes from one of the two tables. Traditional Chinese is the default; the
// choice of English is kept in localStorage. The English table is typed against the Chinese one,
// so a key missing in English fails the build (test/i18n.test.mjs checks both directions).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import zh from './zh-TW.json';
import en from './en.json';

export type Lang = 'zh-TW' | 'en';
export type Key = keyof typeof zh;
export type Params = Record<string, string | number>;

const tables: Record<Lang, Record<Key, string>> = { 'zh-TW': zh, en };
const STORAGE_KEY = 'tongbao.lang';

function initialLang(): Lang {
  try {
    return localStorage.getItem(STORAGE_KEY) === 'en' ? 'en' : 'zh-TW';
  } catch {
    return 'zh-TW';
  }
}

function fill(text: string, params?: Params): string {
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m));
}

export interface I18n {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: Key, params?: Params) => string;
  /** For keys built from server values (states, sub-categories): the fallback shows when the
   *  table has no entry, so a new server value appears as itself rather than as a raw key. */
  tx: (key: string, fallback: string, params?: Params) => string;
}

const I18nContext = createContext<I18n | null>(null);

export function LanguageProvider({ children }: { children: ReactNode }) {
  const [lang, setLangState] = useState<Lang>(initialLang);

  useEffect(() => {
    document.documentElement.lang = lang === 'en' ? 'en' : 'zh-Hant-TW';
  }, [lang]);

  const setLang = useCallback((next: Lang) => {
    setLangState(next);
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      // Private mode: the choice lasts for this page only.
    }
  }, []);

  const value = useMemo<I18n>(() => {
    const table = tables[lang];
    return {
      lang,
      setLang,
      t: (key, params) => fill(table[key] ?? tables['zh-TW'][key] ?? key, params),
      tx: (key, fallback, params) => {
        const text = (table as Record<string, string>)[key];
        return text === undefined ? fallback : fill(text, params);
      },
    };
  }, [lang, setLang]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside LanguageProvider');
  return ctx;
}
