// Every visible string comes from one of the two tables, written in ICU MessageFormat and
// formatted by FormatJS's intl-messageformat: counts use plural forms
// ("{n, plural, one {# ticket found} other {# tickets found}}"), which Chinese does not need.
// Traditional Chinese is the default; a browser that prefers English gets English on its first
// visit, and a choice made with the language switch is kept in localStorage and wins. The English
// table is typed against the Chinese one, so a key missing in English fails the build
// (test/i18n.test.mjs checks both directions, that every message parses, and the arguments).
import { createContext, useCallback, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import { IntlMessageFormat } from 'intl-messageformat';
import { useCalendar } from '../format';
import zh from './zh-TW.json';
import en from './en.json';

export type Lang = 'zh-TW' | 'en';
export type Key = keyof typeof zh;
export type Params = Record<string, string | number>;

const tables: Record<Lang, Record<Key, string>> = { 'zh-TW': zh, en };
const STORAGE_KEY = 'tongbao.lang';

/** The language of the browser's first preference that the application speaks. */
export function preferredLang(languages: readonly string[]): Lang | null {
  for (const tag of languages) {
    const lower = tag.toLowerCase();
    if (lower === 'en' || lower.startsWith('en-')) return 'en';
    if (lower === 'zh' || lower.startsWith('zh-')) return 'zh-TW';
  }
  return null;
}

function initialLang(): Lang {
  try {
    const stored = localStorage.getItem(STORAGE_KEY);
    if (stored === 'en' || stored === 'zh-TW') return stored;
  } catch {
    // No storage: go by the browser.
  }
  const languages = navigator.languages?.length ? navigator.languages : [navigator.language];
  return preferredLang(languages) ?? 'zh-TW';
}

/** The HTML lang of each language, for <html> and for text shown in the other language. */
export const HTML_LANG: Record<Lang, string> = { 'zh-TW': 'zh-Hant-TW', en: 'en' };

// Parsed messages, kept per language: a page formats the same few messages on every render.
const compiled: Record<Lang, Map<string, IntlMessageFormat>> = { 'zh-TW': new Map(), en: new Map() };

/** Formats one message; a message that cannot be formatted (a value missing) shows its
 *  arguments filled in plainly rather than breaking the page. */
export function formatMessage(lang: Lang, text: string, params?: Params): string {
  let format = compiled[lang].get(text);
  try {
    if (!format) {
      // ignoreTag: "<" in a message is text, not markup.
      format = new IntlMessageFormat(text, lang, undefined, { ignoreTag: true });
      compiled[lang].set(text, format);
    }
    return String(format.format(params));
  } catch (e) {
    console.error(`message "${text}":`, e);
    return params ? text.replace(/\{(\w+)\}/g, (m, name: string) => (name in params ? String(params[name]) : m)) : text;
  }
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
  // Every page formats its dates while it renders: a new calendar choice renders them again.
  const calendar = useCalendar();

  useEffect(() => {
    document.documentElement.lang = HTML_LANG[lang];
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
      t: (key, params) => {
        const own = table[key];
        if (own !== undefined) return formatMessage(lang, own, params);
        const fallback = tables['zh-TW'][key];
        return fallback === undefined ? key : formatMessage('zh-TW', fallback, params);
      },
      tx: (key, fallback, params) => {
        const text = (table as Record<string, string>)[key];
        return text === undefined ? fallback : formatMessage(lang, text, params);
      },
    };
  }, [lang, setLang, calendar]);

  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  const ctx = useContext(I18nContext);
  if (!ctx) throw new Error('useI18n outside LanguageProvider');
  return ctx;
}
