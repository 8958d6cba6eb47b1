import type { ImpactAnswers, LevelAssessment } from '../api';
import { useI18n } from '../i18n';

/** The computed level and why, in the person's words: the deciding question and its answer, and
 *  the rule code (C2, I3, A2…) of the regulation's table; or, under a profile with level criteria
 *  of its own (the 2002 notice), the deciding criterion, with the level as that profile names it.
 *  The server's own sentence is English only, so the sentence is built here from the same facts. */
export function LevelExplanation({ assessment, impact }: { assessment: LevelAssessment; impact: ImpactAnswers }) {
  const { t, tx, lang } = useI18n();
  const levelName = t('level.value', { level: assessment.level_label || assessment.level });
  if (assessment.deciding === 'criteria') {
    const c = assessment.criterion;
    return (
      <div className="level-explanation">
        <p className="computed-level">
          {t('level.computedCriteria')} <strong>{levelName}</strong>
        </p>
        <p>
          {c
            ? t('level.whyCriterion', { criterion: lang === 'en' ? c.label_en : c.label_zh })
            : t('level.whyNoCriterion', { level: levelName })}
        </p>
      </div>
    );
  }
  const ruleCode = (rule: string) => rule.split(':')[0];
  const dims = ['confidentiality', 'integrity', 'availability'] as const;
  const answerLabel = (dim: (typeof dims)[number]) =>
    dim === 'availability'
      ? tx(`impact.availability.${impact.availability}`, impact.availability)
      : tx(`impact.information.${impact[dim]}`, impact[dim]);
  return (
    <div className="level-explanation">
      <p className="computed-level">
        {t('level.computed')} <strong>{levelName}</strong>
      </p>
      <p>
        {assessment.deciding === 'none'
          ? t('level.whyNone')
          : t('level.why', {
              dimension: t(`dimension.${assessment.deciding}`),
              answer: answerLabel(assessment.deciding),
              rule: ruleCode(assessment[assessment.deciding].rule),
            })}
      </p>
      <dl className="dimension-levels">
        {dims.map((d) => (
          <div key={d}>
            <dt>{t(`dimension.${d}`)}</dt>
            <dd>{assessment[d].level ? t('level.value', { level: assessment[d].level }) : t('level.noImpact')}</dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
