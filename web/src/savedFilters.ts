// Searches a person runs again and again ("open botnet tickets of my county"), kept under a name
// in this browser for this person (unit OID and account), so another person signing in on a
// shared computer sees none of them. Bounded: a few dozen, short names.
import type { Me } from './api';

export const MAX_SAVED = 20;
export const MAX_NAME = 60;

export interface SavedFilter<T> {
  name: string;
  form: T;
}

function keyFor(me: Me): string | null {
  if (!me.unit || !me.contact) return null;
  return `tongbao.filters.${me.unit.oid}/${me.contact.account}`;
}

export function loadSavedFilters<T>(me: Me): SavedFilter<T>[] {
  const key = keyFor(me);
  if (!key) return [];
  try {
    const parsed: unknown = JSON.parse(localStorage.getItem(key) ?? '[]');
    if (!Array.isArray(parsed)) return [];
    return parsed
      .filter((f): f is SavedFilter<T> => typeof f?.name === 'string' && typeof f?.form === 'object' && f.form !== null)
      .slice(0, MAX_SAVED);
  } catch {
    return [];
  }
}

/** Saves under a name (replacing one of the same name); the newest first. */
export function saveFilter<T>(me: Me, name: string, form: T): SavedFilter<T>[] {
  const trimmed = name.trim().slice(0, MAX_NAME);
  const list = [{ name: trimmed, form }, ...loadSavedFilters<T>(me).filter((f) => f.name !== trimmed)].slice(0, MAX_SAVED);
  store(me, list);
  return list;
}

export function removeFilter<T>(me: Me, name: string): SavedFilter<T>[] {
  const list = loadSavedFilters<T>(me).filter((f) => f.name !== name);
  store(me, list);
  return list;
}

function store<T>(me: Me, list: SavedFilter<T>[]): void {
  const key = keyFor(me);
  if (!key) return;
  try {
    localStorage.setItem(key, JSON.stringify(list));
  } catch {
    // Private mode or full storage: the filter lasts for this page only.
  }
}
