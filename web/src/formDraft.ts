// A form's content kept on this device until it is sent: a report half written when the person
// taps another menu item, closes the tab or finds the session expired is there again when they
// come back (after signing in again too). Kept in localStorage under a key of the person's own.
import { useEffect, useRef, useState } from 'react';
import { setLeaveGuard } from './router';

const PREFIX = 'tongbao.draft.';

/** Every form kept on this device goes (signing out on purpose). */
export function clearFormDrafts(): void {
  try {
    for (const key of Object.keys(localStorage)) if (key.startsWith(PREFIX)) localStorage.removeItem(key);
  } catch {
    // Storage refused: nothing was kept.
  }
}

export function useFormDraft<T>(key: string | null, current: T, apply: (saved: T) => void) {
  const [restored, setRestored] = useState(false);
  const initial = useRef<string | null>(null);
  const sent = useRef(false);
  const text = JSON.stringify(current);

  // Once, on opening: what was kept comes back.
  useEffect(() => {
    if (!key) return;
    try {
      const saved = localStorage.getItem(key);
      if (saved) {
        apply(JSON.parse(saved) as T);
        setRestored(true);
      }
    } catch {
      // Storage refused or the saved text is damaged: start empty.
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [key]);

  // The first content seen is the untouched form; anything else is kept as it changes.
  if (initial.current === null) initial.current = text;
  const dirty = key !== null && text !== initial.current;
  useEffect(() => {
    if (!key || !dirty || sent.current) return;
    try {
      localStorage.setItem(key, text);
    } catch {
      // Private mode or full: the warning below still stands.
    }
  }, [key, text, dirty]);

  // Leaving a changed form asks first, in the application and when the tab closes.
  useEffect(() => {
    if (!dirty) return;
    const beforeUnload = (e: BeforeUnloadEvent) => {
      if (sent.current) return;
      e.preventDefault();
    };
    window.addEventListener('beforeunload', beforeUnload);
    return () => window.removeEventListener('beforeunload', beforeUnload);
  }, [dirty]);

  return {
    restored,
    dirty,
    /** The form was sent: nothing to keep any more. */
    clear: () => {
      sent.current = true;
      setLeaveGuard(null);
      if (key) localStorage.removeItem(key);
    },
    /** Start again: the kept content goes. */
    discard: () => {
      if (key) localStorage.removeItem(key);
      setRestored(false);
    },
    /** While the form is changed and not sent, in-app navigation asks `confirmLeave` first. */
    guard: (confirmLeave: () => boolean) => setLeaveGuard(dirty && !sent.current ? confirmLeave : null),
  };
}
