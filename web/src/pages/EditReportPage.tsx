// Completing a draft or correcting a returned report: the quick report's form, filled in.
import { useEffect, useState } from 'react';
import { api, type Ticket } from '../api';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeading } from '../components/PageHeading';
import { useI18n } from '../i18n';
import { QuickReportPage } from './QuickReportPage';
import { Loading } from '../components/Loading';

export function EditReportPage({ id }: { id: number }) {
  const { t } = useI18n();
  const [ticket, setTicket] = useState<Ticket | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api.incident(id).then(setTicket).catch(setError);
  }, [id]);
  if (ticket && ticket.allowed_actions.includes('edit_report')) return <QuickReportPage ticket={ticket} />;
  return (
    <>
      <PageHeading title={t('report.editTitle')}>{t('report.editTitle')}</PageHeading>
      {error ? (
        <ErrorAlert error={error} />
      ) : ticket ? (
        <p className="alert alert-info">{t('report.notEditable')}</p>
      ) : (
        <Loading shape="page" />
      )}
    </>
  );
}
