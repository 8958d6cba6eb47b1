import { useEffect, useState } from 'react';
import { api, type EarlyWarning, type FullUnit } from '../api';
import { useI18n } from '../i18n';
import { Link } from '../router';
import { managesUnits, useSession } from '../session';

const SHOWN = 5;

/** Beside the tickets a search finds: the warnings whose number or address matches and, for those
 *  who manage units, the units whose name, code or OID does. Nothing shows when nothing matches. */
export function OtherMatches({ words }: { words: string }) {
  const { t } = useI18n();
  const { me } = useSession();
  const [warnings, setWarnings] = useState<{ items: EarlyWarning[]; total: number } | null>(null);
  const [units, setUnits] = useState<{ items: FullUnit[]; total: number } | null>(null);
  const canSeeUnits = managesUnits(me);

  useEffect(() => {
    let live = true;
    setWarnings(null);
    setUnits(null);
    if (!words || words.length > 100) return;
    api.warnings({ q: words, limit: SHOWN }).then((p) => live && setWarnings(p), () => undefined);
    if (canSeeUnits) api.units({ q: words, limit: SHOWN }).then((p) => live && setUnits(p), () => undefined);
    return () => {
      live = false;
    };
  }, [words, canSeeUnits]);

  if (!warnings?.total && !units?.total) return null;
  return (
    <section className="card other-matches" aria-labelledby="other-matches-heading">
      <h2 id="other-matches-heading">{t('search.otherMatches')}</h2>
      {warnings && warnings.total > 0 && (
        <>
          <h3>{t('search.warnings', { n: warnings.total })}</h3>
          <ul className="match-list">
            {warnings.items.map((w) => (
              <li key={w.id}>
                <Link href={`/warnings/${w.id}`} className="tap-link">
                  {w.number}
                </Link>{' '}
                <span className="muted">
                  {w.host}
                  {w.unit ? ` · ${w.unit.name}` : ''}
                </span>
              </li>
            ))}
          </ul>
        </>
      )}
      {units && units.total > 0 && (
        <>
          <h3>{t('search.units', { n: units.total })}</h3>
          <ul className="match-list">
            {units.items.map((u) => (
              <li key={u.oid}>
                <Link href={`/units/${u.oid}`} className="tap-link">
                  {u.name}
                </Link>{' '}
                <span className="muted">{u.code}</span>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
