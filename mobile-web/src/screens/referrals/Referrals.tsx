import { useEffect, useState } from 'preact/hooks';

import type { OutboxItem } from '../../store/db';
import { useKept } from '../../ui/kept';
import { categoryLabel } from '../../domain/categories';
import { newId } from '../../domain/ids';
import { graphql } from '../../graphql';
import type { ReferralsToMeQuery } from '../../graphql/graphql';
import { formatTime, t } from '../../i18n';
import { enqueue, outboxChanged, outboxItems } from '../../sync/outbox';
import { PaperLink } from '../../ui/PaperLink';
import { SyncChip } from '../../ui/SyncChip';

const ReferralsDoc = graphql(`
  query ReferralsToMe {
    referralsToMe {
      id
      status
      officeName
      needsSummary
      sentAt
      answeredAt
      declineReason
      admittedAt
      client { displayName sex age categories }
      sharedDocuments { id kind originalFilename contentUrl }
    }
  }
`);

type Referral = ReferralsToMeQuery['referralsToMe'][number];

/** A partner UPT/panti's incoming referrals: accept, or decline with a reason; then
 * confirm the client's arrival. Answers given offline wait in the outbox. */
export function Referrals() {
  const [list, refresh] = useKept('referrals', ReferralsDoc, {}, (r) => r.referralsToMe);
  const [waiting, setWaiting] = useState<OutboxItem[]>([]);
  const [declining, setDeclining] = useState<string | null>(null);
  const [reason, setReason] = useState('');
  const m = t.value.referrals;

  useEffect(() => {
    void outboxItems().then(setWaiting);
    // An answer that just reached the server: read the list again.
    void refresh();
  }, [outboxChanged.value]);

  function answer(r: Referral, accept: boolean) {
    void enqueue('answerReferral', r.id, { id: newId(), referralId: r.id, accept, reason: accept ? null : reason.trim() });
    setDeclining(null);
    setReason('');
  }

  return (
    <section>
      <header class="row">
        <h1>{m.title}</h1>
        <button type="button" class="secondary" onClick={refresh}>{t.value.tasks.refresh}</button>
      </header>
      {list && <p class="muted">{t.value.net.lastSync}: {formatTime(list.at)}</p>}
      {list?.data.length === 0 && <p>{m.empty}</p>}
      <ul class="list" data-testid="referrals">
        {list?.data.map((r) => {
          const mine = waiting.filter((i) => i.recordId === r.id && i.state !== 'sent');
          return (
            <li key={r.id} class="task" data-referral={r.id}>
              <div class="task-head">
                <strong>{r.client?.displayName ?? '—'}</strong>
                <span class="chip" data-status={r.status}>{m.status[r.status]}</span>
                {mine.map((i) => <SyncChip key={i.opId} state={i.state} />)}
              </div>
              <div>{r.officeName} · {formatTime(r.sentAt)}</div>
              {r.client && (
                <div class="muted">
                  {r.client.sex ? t.value.clients[r.client.sex === 'MALE' ? 'male' : 'female'] : ''}
                  {r.client.age != null ? `, ${r.client.age} ${m.years}` : ''} · {r.client.categories.map(categoryLabel).join(', ')}
                </div>
              )}
              <p>{r.needsSummary}</p>
              {r.sharedDocuments.length > 0 && (
                <div class="muted" data-testid="shared-papers">{m.papers}: {r.sharedDocuments.map((d) => <PaperLink key={d.id} url={d.contentUrl} label={t.value.work.docKinds[d.kind]} />)}</div>
              )}
              {r.declineReason && <p class="muted">{m.declined}: {r.declineReason}</p>}
              {r.status === 'PENDING' && mine.length === 0 && declining !== r.id && (
                <div class="row">
                  <button type="button" onClick={() => answer(r, true)}>{m.accept}</button>
                  <button type="button" class="secondary" onClick={() => setDeclining(r.id)}>{m.decline}</button>
                </div>
              )}
              {declining === r.id && (
                <div>
                  <label>
                    {m.reason}
                    <textarea name="reason" rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} />
                  </label>
                  <button type="button" disabled={!reason.trim()} onClick={() => answer(r, false)}>{m.decline}</button>
                </div>
              )}
              {r.status === 'ACCEPTED' && mine.length === 0 && (
                <button type="button" onClick={() => void enqueue('confirmAdmission', r.id, { id: newId(), referralId: r.id })}>
                  {m.admit}
                </button>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
