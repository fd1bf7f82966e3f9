// Seed 004 at the office: the Kasi's verification sheet (each checklist item passed or
// not, with what is wrong; the site visit with its photos). Offline too: the photos go
// first, then the sheet that names them.
import { useEffect, useState } from 'preact/hooks';

import { localToday, pastMoment } from '../../../domain/dates';
import { newId } from '../../../domain/ids';
import { graphql } from '../../../graphql';
import { locale, t } from '../../../i18n';
import { enqueue, enqueueUpload } from '../../../sync/outbox';
import { DateInput } from '../../../ui/DateInput';
import { FilePick } from '../../../ui/FilePick';
import { PaperLink } from '../../../ui/PaperLink';
import { useKept } from '../../../ui/kept';
import type { FormProps } from './common';

const ApplicationToVerifyDoc = graphql(`
  query ApplicationToVerify($id: ID!) {
    lksApplication(id: $id) {
      id round purpose institution { name }
      requirements { key label labelEn required documents { id originalFilename contentUrl } }
    }
  }
`);

export function VerifyLksForm({ c, done }: FormProps) {
  const [app, refresh] = useKept(`lks:${c.id}`, ApplicationToVerifyDoc, { id: c.id }, (r) => r.lksApplication);
  const [failed, setFailed] = useState<Record<string, string>>({});
  const [visitedAt, setVisitedAt] = useState(localToday);
  const [visitPassed, setVisitPassed] = useState(true);
  const [visitNote, setVisitNote] = useState('');
  const [photo, setPhoto] = useState<Blob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const m = t.value.work;
  const en = locale.value === 'en';
  useEffect(() => void refresh(), [c.id]);
  const a = app?.data;
  if (!a) return <p class="muted">{t.value.case.notKept}</p>;
  const items = a.requirements.filter((r) => r.required);

  async function save(e: Event) {
    e.preventDefault();
    if (Object.values(failed).some((note) => !note.trim())) return setError(m.reasonRequired);
    if (!photo || !visitedAt) return setError(m.visitPhoto);
    const photoId = await enqueueUpload(c.id, photo, { kind: 'SITE_VISIT_PHOTO', lksApplicationId: c.id });
    await enqueue('verifyLksApplication', c.id, {
      id: newId(),
      applicationId: c.id,
      items: items.map((r) => (r.key in failed ? { key: r.key, passed: false, note: failed[r.key].trim() } : { key: r.key, passed: true })),
      visitedAt: pastMoment(visitedAt),
      visitPassed,
      visitNote: visitNote.trim() || null,
      photoIds: [photoId],
    });
    done(m.saved);
  }

  return (
    <form class="form" onSubmit={save} data-form="verify-lks">
      <p><strong>{a.institution?.name}</strong> · {a.purpose}</p>
      <fieldset>
        <legend>{m.checklist}</legend>
        {items.map((r) => (
          <div key={r.key} data-item={r.key}>
            <label class="check">
              <input type="checkbox" name={`pass-${r.key}`} checked={!(r.key in failed)}
                onChange={(e) => setFailed((f) => {
                  const next = { ...f };
                  if (e.currentTarget.checked) delete next[r.key];
                  else next[r.key] = '';
                  return next;
                })} />
              {en ? r.labelEn : r.label} ({r.documents.length} {t.value.lks.files})
            </label>
            {r.documents.map((d, i) => <PaperLink key={d.id} url={d.contentUrl} label={d.originalFilename ?? `${m.paper} ${i + 1}`} />)}
            {r.key in failed && (
              <input name={`note-${r.key}`} placeholder={m.whatIsWrong} value={failed[r.key]}
                onInput={(e) => setFailed((f) => ({ ...f, [r.key]: e.currentTarget.value }))} />
            )}
          </div>
        ))}
      </fieldset>
      <label>{m.visitedAt}<DateInput name="visitedAt" value={visitedAt} onChange={setVisitedAt} /></label>
      <label class="check"><input type="checkbox" name="visitPassed" checked={visitPassed} onChange={(e) => setVisitPassed(e.currentTarget.checked)} />{m.visitPassed}</label>
      <label>{m.note}<textarea name="visitNote" rows={2} value={visitNote} onInput={(e) => setVisitNote(e.currentTarget.value)} /></label>
      <FilePick name="visitPhoto" label={m.visitPhoto} pdf={false} onPick={setPhoto} />
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit">{m.kinds.VERIFY_LKS_APPLICATION}</button>
    </form>
  );
}

/** Step 10 at the office desk, for an LKS that came in person (or has no account): who
 * signed the tanda terima, and the scan of the signed paper. Offline too: the scan goes
 * first, then the receipt that names it. */
export function DeskReceiptForm({ c, done }: FormProps) {
  const [signedBy, setSignedBy] = useState('');
  const [scan, setScan] = useState<Blob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const m = t.value.work;

  async function save(e: Event) {
    e.preventDefault();
    if (!signedBy.trim() || !scan) return setError(m.receiptNeeds);
    const scanId = await enqueueUpload(c.id, scan, { kind: 'TANDA_TERIMA', lksApplicationId: c.id });
    await enqueue('confirmLksReceipt', c.id, { id: newId(), applicationId: c.id, signedBy: signedBy.trim(), signedReceiptDocumentId: scanId });
    done(m.saved);
  }

  return (
    <form class="form" onSubmit={save} data-form="desk-receipt">
      <label>{t.value.lks.receiptBy}<input name="signedBy" value={signedBy} onInput={(e) => setSignedBy(e.currentTarget.value)} /></label>
      <FilePick name="receiptScan" label={m.docKinds.TANDA_TERIMA} onPick={(b) => { setScan(b); setError(null); }} />
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit">{m.kinds.CONFIRM_LKS_RECEIPT}</button>
    </form>
  );
}
