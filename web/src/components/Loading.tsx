import { useI18n } from '../i18n';

/** What a page or section shows while its data arrive: grey blocks shaped like what is coming
 *  (a list's rows, a page's heading and facts), so the layout does not jump when they land.
 *  A screen reader hears "loading" once; the blocks themselves are hidden from it. */
export function Loading({ shape = 'lines', rows = 3 }: { shape?: 'list' | 'page' | 'lines'; rows?: number }) {
  const { t } = useI18n();
  return (
    <div className={`loading skeleton skeleton-${shape}`} role="status">
      <span className="visually-hidden">{t('common.loading')}</span>
      {shape === 'page' && <div className="skeleton-block skeleton-title" aria-hidden="true" />}
      {Array.from({ length: rows }, (_, i) => (
        <div key={i} className={shape === 'list' ? 'skeleton-block skeleton-row' : 'skeleton-block skeleton-line'} aria-hidden="true" />
      ))}
    </div>
  );
}
