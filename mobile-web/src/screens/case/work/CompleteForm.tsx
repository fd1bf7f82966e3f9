import { useState } from 'preact/hooks';

import { newId } from '../../../domain/ids';
import type { DocumentKind } from '../../../graphql/graphql';
import { t } from '../../../i18n';
import { enqueue } from '../../../sync/outbox';
import { DateInput } from '../../../ui/DateInput';
import { FilePick } from '../../../ui/FilePick';
import { type FormProps, attach } from './common';

/** Completing a step (or approving the branch a worker proposed): the way on, a note, the
 * papers still missing, and a review date when the way on is a waiting state. All of it is
 * what the server says the step takes (`requirements`). */
export function CompleteForm({ c, step, done, approving }: FormProps & { approving?: boolean }) {
  const needs = step.requirements;
  const [branch, setBranch] = useState<string>(approving ? step.branch ?? '' : '');
  const [note, setNote] = useState('');
  const [reviewAt, setReviewAt] = useState('');
  const [papers, setPapers] = useState<Partial<Record<DocumentKind, Blob>>>({});
  const [error, setError] = useState<string | null>(null);
  const m = t.value.work;

  const chosen = needs?.branches.find((b) => b.name === branch);
  const missing = [...(needs?.documents ?? []), ...(chosen?.documents ?? [])].filter((d) => !d.held).map((d) => d.kind);
  const reasonNeeded = !!needs?.asksReason || !!chosen?.asksReviewDate;

  async function save(e: Event) {
    e.preventDefault();
    if ((needs?.branches.length ?? 0) > 0 && !branch) return setError(m.branch);
    if (reasonNeeded && !note.trim()) return setError(m.reasonRequired);
    if (chosen?.asksReviewDate && !reviewAt) return setError(m.reviewAt);
    const documentIds = await attach(c, Object.entries(papers).map(([kind, blob]) => ({ kind: kind as DocumentKind, blob: blob! })));
    await enqueue('completeStep', c.id, {
      id: newId(),
      caseId: c.id,
      stepKey: step.key,
      expectedVersion: c.version,
      branch: branch || null,
      note: note.trim() || null,
      documentIds,
      // The review day, at the start of office hours on the phone's clock.
      reviewAt: reviewAt ? new Date(`${reviewAt}T08:00:00`).toISOString() : null,
    });
    done(m.saved);
  }

  return (
    <form class="form" onSubmit={save} data-form="complete">
      {(needs?.branches.length ?? 0) > 0 && (
        <fieldset>
          <legend>{m.branch}</legend>
          {needs!.branches.map((b) => (
            <label key={b.name} class="check">
              <input type="radio" name="branch" value={b.name} checked={branch === b.name} disabled={approving} onChange={() => setBranch(b.name)} />
              <span>{b.label}{b.approvedBy.length > 0 ? ` (${m.approvedBy} ${b.approvedBy.join(' / ')})` : ''}{b.ready ? '' : ` · ${m.notReady}`}</span>
            </label>
          ))}
        </fieldset>
      )}
      {chosen?.asksReviewDate && (
        <label>{m.reviewAt}<DateInput name="reviewAt" value={reviewAt} onChange={setReviewAt} /></label>
      )}
      <label>
        {reasonNeeded ? m.reason : m.note}
        <textarea name="note" rows={3} value={note} onInput={(e) => setNote(e.currentTarget.value)} />
      </label>
      {missing.length > 0 && (
        <fieldset>
          <legend>{m.documents}</legend>
          {missing.map((kind) => (
            <FilePick key={kind} name={`doc-${kind}`} label={m.docKinds[kind]} onPick={(b) => setPapers((p) => ({ ...p, [kind]: b ?? undefined }))} />
          ))}
        </fieldset>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit">{approving ? m.kinds.APPROVE_BRANCH : m.send}</button>
    </form>
  );
}
