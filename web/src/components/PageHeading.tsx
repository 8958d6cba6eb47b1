import { useEffect, useRef, type ReactNode } from 'react';
import { useI18n } from '../i18n';

// Before the person has touched the page (first load, the redirect to sign-in) focus stays where
// the browser puts it, at the top, so the skip link and the language switch come first.
let interacted = false;
if (typeof window !== 'undefined') {
  const mark = () => {
    interacted = true;
  };
  window.addEventListener('pointerdown', mark, { once: true, capture: true });
  window.addEventListener('keydown', mark, { once: true, capture: true });
}

/** The page's h1. It takes focus when a page opens after in-app navigation, so a screen reader
 *  announces the new page (nothing else would tell it the page changed); it also names the tab. */
export function PageHeading({ children, title }: { children: ReactNode; title: string }) {
  const ref = useRef<HTMLHeadingElement>(null);
  const { t } = useI18n();
  useEffect(() => {
    document.title = `${title} · ${t('app.name')}`;
  }, [title, t]);
  useEffect(() => {
    if (interacted) ref.current?.focus({ preventScroll: false });
  }, []);
  return (
    <h1 ref={ref} tabIndex={-1}>
      {children}
    </h1>
  );
}
