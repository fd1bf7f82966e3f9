import { useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';

import { formatTime, locale, roleLabel, t } from '../../i18n';
import { outboxChanged, outboxItems } from '../../sync/outbox';
import { type KeptCase, casesChanged, keptCase } from '../../sync/workingSet';
import { PaperLink } from '../../ui/PaperLink';
import { LetterHandover, mayHandOver, mayPrintForms } from './LetterHandover';
import { fill } from './work/common';

/** A case as the phone keeps it: its steps with who did what and when, the standard time
 * against the time taken, the approvals, the referral, the letters and the journey home. */
export function CaseView() {
  const { params } = useRoute();
  const [c, setC] = useState<KeptCase | null | undefined>(undefined);
  const [handing, setHanding] = useState<string | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  // Letters whose hand-over waits in the outbox are not offered again.
  const [handingOver, setHandingOver] = useState<Set<string>>(new Set());
  const m = t.value.case;
  const en = locale.value === 'en';

  useEffect(() => {
    void keptCase(params.id).then((k) => setC(k ?? null));
  }, [params.id, casesChanged.value]);
  useEffect(() => {
    void outboxItems().then((all) => setHandingOver(new Set(all
      .filter((i) => i.kind === 'recordLetterHandover' && i.state !== 'sent')
      .map((i) => String(i.payload.letterId)))));
  }, [outboxChanged.value]);

  if (c === undefined) return null;
  if (c === null) return <p>{m.notKept}</p>;
  return (
    <section data-testid="case">
      <h1>{c.client?.displayName ?? (en ? c.sop.nameEn : c.sop.name)}</h1>
      <p class="muted">{en ? c.sop.nameEn : c.sop.name} · {m.opened} {formatTime(c.openedAt)} · {m.status[c.status]}</p>

      {c.steps.some((s) => s.status === 'ACTIVE') && (
        <p><a class="button" href={`/kasus/${c.id}/langkah`} data-testid="work-step">{t.value.work.open}</a></p>
      )}

      <h2>{m.steps}</h2>
      <ol class="list steps">
        {c.steps.map((s) => {
          // Overdue now, not when the copy was taken.
          const overdue = s.status === 'ACTIVE' && !!s.dueAt && new Date(s.dueAt).getTime() < Date.now();
          return (
          <li key={s.id} class={`task ${overdue ? 'overdue' : ''}`} data-step={s.key} data-status={s.status}>
            <div class="task-head">
              <strong>{s.number} {en ? s.textEn : s.text}</strong>
              <span class="chip">{m.stepStatus[s.status]}</span>
              {overdue && <span class="chip danger">{t.value.tasks.overdue}</span>}
              {s.paused && <span class="chip">{t.value.tasks.paused}</span>}
            </div>
            <div class="muted">
              {m.standard}: {s.standardTime || '—'} · {m.taken}: {s.takenMinutes} {m.minutes}
              {s.dueAt ? ` · ${t.value.tasks.due}: ${formatTime(s.dueAt)}` : ''}
            </div>
            {s.completedAt && (
              <div class="muted">
                {m.doneBy} {s.completedBy?.fullName ?? '—'}{s.completedRole ? ` (${roleLabel(s.completedRole)})` : ''}, {formatTime(s.completedAt)}
                {s.branch ? ` · ${s.branch}` : ''}
              </div>
            )}
            {s.note && <div>{s.note}</div>}
          </li>
          );
        })}
      </ol>

      {c.approvals.length > 0 && (
        <>
          <h2>{m.approvals}</h2>
          <ul class="list">
            {c.approvals.map((a) => (
              <li key={a.id} class="muted">
                {m.approvalKind[a.kind]} · {a.actor?.fullName ?? '—'} ({roleLabel(a.actorRole)}){a.toUser ? ` → ${a.toUser.fullName}` : ''} · {formatTime(a.at)}
                {a.note ? ` · ${a.note}` : ''}
                {!a.holds && <span class="chip" data-voided="true"> {m.voided}</span>}
              </li>
            ))}
          </ul>
        </>
      )}

      {c.referrals.length > 0 && (
        <>
          <h2>{m.referral}</h2>
          <ul class="list">
            {c.referrals.map((r) => (
              <li key={r.id} data-referral-status={r.status}>
                {r.institution?.name ?? '—'}: {t.value.referrals.status[r.status]}
                {r.declineReason ? ` (${r.declineReason})` : ''}
              </li>
            ))}
          </ul>
        </>
      )}

      {c.letters.length > 0 && (
        <>
          <h2>{m.letters}</h2>
          <ul class="list">
            {c.letters.map((l) => (
              <li key={l.id} data-letter={l.id}>
                {l.subject}: {l.number ?? m.notNumbered}
                {l.receivedByName && l.handedOverAt && (
                  <div class="muted" data-testid="letter-received">
                    {fill(m.receivedBy, { name: l.receivedByName, party: l.receiverParty ? m.parties[l.receiverParty] : '—', at: formatTime(l.handedOverAt) })}
                  </div>
                )}
                {l.number && !l.receivedByName && mayHandOver() && !handingOver.has(l.id) && (handing === l.id
                  ? <LetterHandover c={c} letter={l} onDone={(msg) => { setHanding(null); setSaved(msg); }} />
                  : <p><button type="button" class="secondary" onClick={() => setHanding(l.id)}>{m.handOver}</button></p>)}
              </li>
            ))}
            {saved && handingOver.size > 0 && <li class="muted" role="status">{saved}</li>}
          </ul>
        </>
      )}

      {mayPrintForms() && (
        <>
          <h2>{m.forms}</h2>
          <p class="muted">{m.formsHint}</p>
          <ul class="list" data-testid="forms">
            {(['surat_pengantar', 'permohonan_dukcapil', 'berita_acara_serah_terima'] as const).map((f) => (
              <li key={f}><PaperLink url={`/cases/${c.id}/forms/${f}.pdf`} label={m.formNames[f]} /></li>
            ))}
          </ul>
        </>
      )}

      {c.escortedReturn && (
        <>
          <h2>{m.journey}</h2>
          <p>{c.escortedReturn.position.office.name} ({c.escortedReturn.position.state})</p>
          <ol class="list">
            {c.escortedReturn.legs.map((l) => (
              <li key={l.seq}>
                {l.from.name} → {l.to.name} · {t.value.work.legModes[l.mode]} · {t.value.relay.status[l.status]}
                {l.handedOverAt ? ` · ${m.handedOver} ${formatTime(l.handedOverAt)}` : ''}
              </li>
            ))}
          </ol>
        </>
      )}
    </section>
  );
}
