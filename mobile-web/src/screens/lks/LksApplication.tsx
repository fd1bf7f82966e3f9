import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';

import type { OutboxItem } from '../../store/db';
import { useKept } from '../../ui/kept';
import { newId } from '../../domain/ids';
import { graphql } from '../../graphql';
import { formatTime, locale, t } from '../../i18n';
import { shrink } from '../../photos/shrink';
import { enqueue, enqueueUpload, outboxChanged, outboxItems } from '../../sync/outbox';
import { SyncChip } from '../../ui/SyncChip';

const LksApplicationDoc = graphql(`
  query LksApplication($id: ID!) {
    lksApplication(id: $id) {
      id purpose status round returnedItems receiptSignedBy
      stage { key number text textEn paused dueAt }
      requirements { key label labelEn required documents { id uploadedAt } verdict { passed note } }
      rounds { number outcome submittedAt verifiedAt missing visitPassed visitNote }
      recommendation { number verifyUrl pdf { contentUrl } }
    }
  }
`);

const ChecklistDoc = graphql(`
  query LksChecklist {
    lksRequirements { key label labelEn required }
  }
`);


/** One application: upload each requirement, submit, see what was returned and why, submit
 * again, and sign for the recommendation. Everything goes through the outbox. */
export function LksApplicationView() {
  const { params } = useRoute();
  const id = params.id;
  const [keptApp, refreshApp] = useKept(`lks:${id}`, LksApplicationDoc, { id }, (r) => r.lksApplication);
  const [keptChecklist, refreshChecklist] = useKept('lksChecklist', ChecklistDoc, {}, (r) => r.lksRequirements);
  const [items, setItems] = useState<OutboxItem[]>([]);
  const [receiptName, setReceiptName] = useState('');
  const m = t.value.lks;
  const en = locale.value === 'en';
  const app = keptApp?.data ?? null;
  const checklist = keptChecklist?.data ?? [];

  useEffect(() => {
    void outboxItems().then((all) => setItems(all.filter((i) => i.recordId === id)));
    void refreshApp();
    void refreshChecklist();
  }, [id, outboxChanged.value]);

  async function upload(key: string, e: Event) {
    const input = e.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    if (!file) return;
    const blob = file.type.startsWith('image/') ? (await shrink(file)).blob : file;
    await enqueueUpload(id, blob, { kind: 'LKS_REQUIREMENT', lksApplicationId: id, requirementKey: key });
    input.value = '';
  }

  const rows = app?.requirements ?? checklist.map((c) => ({ ...c, documents: [], verdict: null }));
  const waiting = items.filter((i) => i.state !== 'sent');
  const canSubmit = (!app || app.status === 'DRAFT' || app.status === 'RETURNED') && !waiting.some((i) => i.kind === 'submitLksApplication');
  const atReceipt = app?.stage?.key === 'diterima_lks' && app.recommendation;
  return (
    <section data-testid="lks-application">
      <h1>{app?.purpose ?? m.title}</h1>
      {app && <p><span class="chip" data-status={app.status}>{m.status[app.status]}</span>{app.round > 0 ? ` ${m.round} ${app.round}` : ''}</p>}
      {app?.stage && (
        <p class="muted">
          {m.stage}: {app.stage.number} {en ? app.stage.textEn : app.stage.text}
          {app.stage.dueAt ? ` · ${t.value.tasks.due} ${formatTime(app.stage.dueAt)}` : ''}
        </p>
      )}
      {app?.status === 'RETURNED' && <p class="note" data-testid="returned">{m.returned}</p>}
      <ul class="list">
        {rows.map((r) => {
          const pending = waiting.filter((i) => i.kind === 'uploadDocument' && i.payload.requirementKey === r.key);
          const returned = app?.returnedItems.includes(r.key);
          return (
            <li key={r.key} class={returned ? 'task overdue' : 'task'} data-requirement={r.key}>
              <div class="task-head">
                <strong>{en ? r.labelEn || r.label : r.label}</strong>
                {!r.required && <span class="chip">{m.optional}</span>}
                {r.documents.length > 0 && <span class="chip ok">{r.documents.length} {m.files}</span>}
                {pending.map((i) => <SyncChip key={i.opId} state={i.state} />)}
              </div>
              {r.verdict && !r.verdict.passed && <p class="error">{r.verdict.note}</p>}
              <label class="upload">
                {m.upload}
                <input type="file" name={`req-${r.key}`} accept="application/pdf,image/*" onChange={(e) => void upload(r.key, e)} />
              </label>
            </li>
          );
        })}
      </ul>
      {canSubmit && (
        <button type="button" onClick={() => void enqueue('submitLksApplication', id, { id: newId(), applicationId: id })}>
          {app?.status === 'RETURNED' ? m.resubmit : m.submit}
        </button>
      )}
      {waiting.filter((i) => i.kind !== 'uploadDocument').map((i) => (
        <p key={i.opId}><SyncChip state={i.state} /> {i.lastError}</p>
      ))}
      {app?.recommendation && (
        <p data-testid="recommendation">
          {m.recommendation}: <strong>{app.recommendation.number}</strong>
          {app.recommendation.verifyUrl && <> · <a href={app.recommendation.verifyUrl}>{m.verify}</a></>}
        </p>
      )}
      {atReceipt && (
        <form class="card form" onSubmit={(e) => {
          e.preventDefault();
          void enqueue('confirmLksReceipt', id, { id: newId(), applicationId: id, signedBy: receiptName.trim() });
        }}>
          <label>
            {m.receiptBy}
            <input name="signedBy" value={receiptName} onInput={(e) => setReceiptName(e.currentTarget.value)} />
          </label>
          <button type="submit" disabled={!receiptName.trim()}>{m.receipt}</button>
        </form>
      )}
      {app && app.rounds.length > 0 && (
        <>
          <h2>{m.rounds}</h2>
          <ol class="list">
            {app.rounds.map((r) => (
              <li key={r.number} class="muted">
                {m.round} {r.number}: {formatTime(r.submittedAt)}
                {r.outcome ? ` · ${m.outcome[r.outcome]}` : ''}
                {r.missing.length ? ` · ${r.missing.join(', ')}` : ''}
                {r.visitNote ? ` · ${r.visitNote}` : ''}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
