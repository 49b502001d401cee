import { useTranslation } from 'react-i18next';
import type { SetAsideSubmission } from '../../../main/contract';

/** Submissions the central service refused for good: they stay on the station for the IT to look at. */
export function SetAsideList({ items, total, format }: { items: SetAsideSubmission[]; total: number; format: (iso: string) => string }) {
  const { t } = useTranslation();
  return (
    <section aria-labelledby="sync-set-aside-title" data-testid="sync-set-aside">
      <h2 id="sync-set-aside-title">{t('sync.setAside.title')}</h2>
      {items.length === 0 ? (
        <p>{t('sync.setAside.none')}</p>
      ) : (
        <>
          <p className="hint">{t('sync.setAside.intro')}</p>
          <div className="table-scroll">
            <table className="sync-table">
              <thead>
                <tr>
                  <th scope="col">{t('sync.setAside.reference')}</th>
                  <th scope="col">{t('sync.setAside.kind')}</th>
                  <th scope="col">{t('sync.setAside.created')}</th>
                  <th scope="col">{t('sync.setAside.error')}</th>
                </tr>
              </thead>
              <tbody>
                {items.map((item) => (
                  <tr key={item.reference}>
                    <td className="reference">{item.reference}</td>
                    <td>{t(`sync.kind.${item.kind ?? 'unknown'}`)}</td>
                    <td>{format(item.createdAt)}</td>
                    <td>{item.error ?? t('sync.noError')}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          {total > items.length ? <p className="hint">{t('sync.setAside.more', { count: total - items.length })}</p> : null}
        </>
      )}
    </section>
  );
}
