import { useEffect, useState } from 'preact/hooks';

import { type OutboxItem, allLocalClients } from '../../store/db';
import { formatTime, t } from '../../i18n';
import { actOnCurrentState, discardItem, flush, lastSuccess, outboxChanged, outboxItems, retry } from '../../sync/outbox';
import { keptCases } from '../../sync/workingSet';
import { SyncChip } from '../../ui/SyncChip';

type SyncMessages = ReturnType<typeof t.peek>['sync'];

const LABEL: Record<OutboxItem['kind'], (m: SyncMessages) => string> = {
  registerClient: (m) => m.client,
  updateClient: (m) => m.clientEdit,
  recordAssessment: (m) => m.assessment,
  uploadPhoto: (m) => m.photo,
  answerReferral: (m) => m.answerReferral,
  confirmAdmission: (m) => m.confirmAdmission,
  createLksApplication: (m) => m.lksApplication,
  submitLksApplication: (m) => m.lksSubmit,
  confirmLksReceipt: (m) => m.lksReceipt,
  uploadDocument: (m) => m.document,
  confirmHandover: (m) => m.handover,
  completeStep: (m) => m.completeStep,
  addInitials: (m) => m.addInitials,
  sendBack: (m) => m.sendBack,
  disposeCase: (m) => m.disposeCase,
  referCase: (m) => m.referCase,
  recordReunification: (m) => m.recordReunification,
  recordLetterHandover: (m) => m.recordLetterHandover,
  requestDukcapilCheck: (m) => m.requestDukcapilCheck,
  recordDukcapilAnswer: (m) => m.recordDukcapilAnswer,
  recordReport: (m) => m.recordReport,
  openCase: (m) => m.openCase,
  pauseClock: (m) => m.pauseClock,
  departLeg: (m) => m.departLeg,
  verifyLksApplication: (m) => m.verifyLks,
};

/** Everything that has not reached the server, with why, and what can be done about it. */
export function Unsent() {
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [names, setNames] = useState<Record<string, string>>({});
  const m = t.value.sync;

  useEffect(() => {
    void (async () => {
      setItems((await outboxItems()).filter((i) => i.state !== 'sent'));
      const clients = await allLocalClients();
      // A case's items are named by its client (as the phone keeps the case).
      const cases = (await keptCases()).filter((c) => c.client).map((c) => [c.id, c.client!.displayName]);
      setNames(Object.fromEntries([...clients.map((c) => [c.id, c.displayName]), ...cases]));
    })();
  }, [outboxChanged.value]);

  return (
    <section>
      <header class="row">
        <h1>{t.value.nav.unsent}</h1>
        <button type="button" onClick={() => void flush(true)}>{m.sendNow}</button>
      </header>
      {lastSuccess.value && <p class="muted">{t.value.net.lastSync}: {formatTime(lastSuccess.value)}</p>}
      {items.length === 0 && <p data-testid="all-sent">{m.allSent}</p>}
      <ul class="list" data-testid="unsent">
        {items.map((i) => (
          <li key={i.opId} class="task">
            <div class="task-head">
              <strong>{LABEL[i.kind](m)}{names[i.recordId] ? `: ${names[i.recordId]}` : ''}</strong>
              <SyncChip state={i.state} />
            </div>
            {items.some((o) => o.recordId === i.recordId && o.seq < i.seq) && <div class="muted">{m.waitingForRecord}</div>}
            {i.lastAttemptAt && <div class="muted">{m.lastAttempt}: {formatTime(i.lastAttemptAt)}</div>}
            {i.lastError && <p class="error">{i.lastError}</p>}
            {i.state === 'conflict' && i.theirs && i.kind !== 'updateClient' && (
              <div class="form" data-testid="moved-on">
                <a href={`/kasus/${i.recordId}`}>{t.value.work.lookAgain}</a>
                <div class="row">
                  <button type="button" class="secondary" onClick={() => void actOnCurrentState(i.opId)}>{t.value.work.actAnyway}</button>
                  <button type="button" class="secondary" onClick={() => void discardItem(i.opId)}>{m.discard}</button>
                </div>
              </div>
            )}
            {(i.state === 'refused' || i.state === 'pending') && (
              <div class="row">
                <button type="button" class="secondary" onClick={() => void retry(i.opId)}>{m.retry}</button>
                <button type="button" class="secondary" onClick={() => void discardItem(i.opId)}>{m.discard}</button>
              </div>
            )}
          </li>
        ))}
      </ul>
    </section>
  );
}
