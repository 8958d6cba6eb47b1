// How hard a new password is to guess, shown while it is typed: a bar and a sentence, with what to
// change. The sentence sits in a polite live region and follows the typing after a short pause, so
// a screen reader reads the verdict once rather than at every key.
import { useEffect, useState } from 'react';
import type { ZxcvbnFactory } from '@zxcvbn-ts/core';
import { useI18n } from '../i18n';
import { MIN_BITS, MIN_LENGTH, WEAK_BITS, estimate, loadEstimator } from '../passwordStrength';

const PAUSE_MS = 350;
const FULL_BITS = 60;

export function PasswordMeter({ id, password, words }: { id: string; password: string; words: string[] }) {
  const i18n = useI18n();
  const { t } = i18n;
  const [zxcvbn, setZxcvbn] = useState<ZxcvbnFactory | null>(null);
  const [shown, setShown] = useState(password);

  useEffect(() => {
    let live = true;
    loadEstimator().then(
      (z) => live && setZxcvbn(z),
      () => {}, // no meter without the estimator; the server still checks
    );
    return () => {
      live = false;
    };
  }, []);

  useEffect(() => {
    const timer = setTimeout(() => setShown(password), password ? PAUSE_MS : 0);
    return () => clearTimeout(timer);
  }, [password]);

  const short = shown.length > 0 && shown.length < MIN_LENGTH;
  const strength = zxcvbn && shown && !short ? estimate(zxcvbn, shown, words) : null;
  const level = short ? 'weak' : strength?.level;

  return (
    <div className="password-meter" id={id} data-level={level ?? 'none'}>
      {level && (
        <meter
          aria-label={t('password.strength.label')}
          min={0}
          max={FULL_BITS}
          low={WEAK_BITS}
          high={MIN_BITS}
          optimum={FULL_BITS}
          value={short ? 0 : Math.min(strength?.bits ?? 0, FULL_BITS)}
        />
      )}
      <div role="status" aria-live="polite">
        {short && <p className="password-verdict">{t('password.strength.short', { count: MIN_LENGTH - shown.length })}</p>}
        {strength && (
          <>
            <p className="password-verdict">
              {strength.level === 'good'
                ? t('password.strength.good')
                : strength.level === 'fair'
                  ? t('password.strength.fair')
                  : t('password.strength.weak')}
            </p>
            {strength.suggestions.length > 0 && (
              <ul className="password-suggestions">
                {strength.suggestions.map((s) => (
                  <li key={s}>{i18n.tx(`password.suggestion.${s}`, s)}</li>
                ))}
              </ul>
            )}
          </>
        )}
      </div>
    </div>
  );
}
