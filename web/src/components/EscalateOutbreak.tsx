// One action turns an outbreak group into a coordinated incident: the centre says what the whole
// event did (many schools out of service is an availability impact of the centre), the level it
// gives, and whether it asks the level above for support; the group supplies the rest.
import { useState, type FormEvent } from 'react';
import { api, type AvailabilityImpact, type OutbreakGroup } from '../api';
import { AVAILABILITY_IMPACTS, SUBCATEGORIES } from '../incidentLabels';
import { useI18n } from '../i18n';
import { navigate } from '../router';
import { ErrorAlert } from './ErrorAlert';
import { Checkbox, SelectField, TextArea } from './Field';

type Grouping = 'subcategory' | 'remote' | 'rule';

export function EscalateOutbreak({ group, by, from, to }: { group: OutbreakGroup; by: Grouping; from: string; to: string }) {
  const { t, tx } = useI18n();
  const [availability, setAvailability] = useState<AvailabilityImpact>('non_core_in_time');
  const [level, setLevel] = useState('2');
  const [subcategory, setSubcategory] = useState(by === 'subcategory' ? group.key : 'botnet');
  const [support, setSupport] = useState(false);
  const [detail, setDetail] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const id = `esc-${group.key.replace(/[^A-Za-z0-9_-]/g, '_')}`;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const parent = await api.escalateOutbreak({
        key: group.key,
        by,
        from,
        to,
        report: {
          ...(by === 'subcategory' ? {} : { subcategory }),
          chosen_level: Number(level),
          impact: { availability },
          ...(support ? { support: { needed: true, kinds: ['analysis'], detail } } : {}),
        },
      });
      navigate(`/incidents/${parent.id}`);
    } catch (err) {
      setError(err);
      setBusy(false);
    }
  };

  return (
    <details className="escalate">
      <summary className="button secondary small">{t('outbreaks.escalate')}</summary>
      <form onSubmit={submit} aria-label={t('outbreaks.escalate')} data-testid="escalate-form">
        <p className="hint">{t('outbreaks.escalateIntro', { n: group.unit_count })}</p>
        {by !== 'subcategory' && (
          <SelectField
            id={`${id}-sub`}
            label={t('report.subcategory')}
            value={subcategory}
            onChange={(e) => setSubcategory(e.target.value)}
            options={SUBCATEGORIES.INT.map((s) => ({ value: s, label: tx(`subcategory.${s}`, s) }))}
          />
        )}
        <SelectField
          id={`${id}-availability`}
          label={t('outbreaks.escalateAvailability')}
          value={availability}
          onChange={(e) => setAvailability(e.target.value as AvailabilityImpact)}
          options={AVAILABILITY_IMPACTS.map((a) => ({ value: a, label: tx(`impact.availability.${a}`, a) }))}
        />
        <SelectField
          id={`${id}-level`}
          label={t('report.chosenLevel')}
          value={level}
          onChange={(e) => setLevel(e.target.value)}
          options={['1', '2', '3', '4'].map((l) => ({ value: l, label: t('level.value', { level: l }) }))}
        />
        <Checkbox id={`${id}-support`} label={t('outbreaks.escalateSupport')} checked={support} onChange={setSupport} />
        {support && (
          <TextArea id={`${id}-detail`} label={t('outbreaks.escalateSupportDetail')} value={detail} onChange={(e) => setDetail(e.target.value)} />
        )}
        <ErrorAlert error={error} />
        <button type="submit" className="primary" disabled={busy}>
          {t('outbreaks.escalateSubmit')}
        </button>
      </form>
    </details>
  );
}
