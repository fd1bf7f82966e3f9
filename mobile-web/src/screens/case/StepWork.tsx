import { useRoute } from 'preact-iso';
import { useEffect, useRef, useState } from 'preact/hooks';

import { timeLeft } from '../../domain/dates';
import type { StepActionKind } from '../../graphql/graphql';
import { formatTime, locale, roleLabels, t } from '../../i18n';
import type { OutboxItem } from '../../store/db';
import { outboxChanged, outboxItems } from '../../sync/outbox';
import { type KeptCase, casesChanged, keptCase, pull, refreshCase } from '../../sync/workingSet';
import { ApproveForm, DisposeForm, SendBackForm } from './work/ApprovalForms';
import type { FormProps } from './work/common';
import { CompleteForm } from './work/CompleteForm';
import { DepartForm, PlanReturnForm } from './work/JourneyForms';
import { IssueLetterForm, PdfLink } from './work/LetterForm';
import { ReviseLetterForm } from './work/ReviseLetterForm';
import { DeskReceiptForm, VerifyLksForm } from './work/LksForms';
import { DukcapilForm, PauseForm, ReferForm, ReunificationForm } from './work/PartnerForms';

/** Each action the server offers, and the form that does it. */
const FORMS: Partial<Record<StepActionKind, (p: FormProps) => preact.JSX.Element>> = {
  COMPLETE: (p) => <CompleteForm {...p} />,
  APPROVE_BRANCH: (p) => <CompleteForm {...p} approving />,
  ADD_INITIALS: (p) => <ApproveForm {...p} />,
  SIGN: (p) => <ApproveForm {...p} signing />,
  SEND_BACK: (p) => <SendBackForm {...p} />,
  DISPOSE: (p) => <DisposeForm {...p} />,
  REFER: (p) => <ReferForm {...p} />,
  RECORD_REUNIFICATION: (p) => <ReunificationForm {...p} />,
  REQUEST_DUKCAPIL_CHECK: (p) => <DukcapilForm {...p} />,
  PLAN_RETURN: (p) => <PlanReturnForm {...p} />,
  ISSUE_LETTER: (p) => <IssueLetterForm {...p} />,
  REVISE_LETTER: (p) => <ReviseLetterForm {...p} />,
  PAUSE_CLOCK: (p) => <PauseForm {...p} />,
  VERIFY_LKS_APPLICATION: (p) => <VerifyLksForm {...p} />,
  CONFIRM_LKS_RECEIPT: (p) => <DeskReceiptForm {...p} />,
};

/** Working on the step a case waits at: what it needs, from the server's own description
 * of it (`requirements`), and exactly the actions the server says the reader may take. */
export function StepWork() {
  const { params } = useRoute();
  const [c, setC] = useState<KeptCase | null | undefined>(undefined);
  const [queued, setQueued] = useState<OutboxItem[]>([]);
  const [open, setOpen] = useState<StepActionKind | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const m = t.value.work;
  const en = locale.value === 'en';

  useEffect(() => {
    void keptCase(params.id).then((k) => setC(k ?? null));
  }, [params.id, casesChanged.value]);
  // Opened online: the phone's copy catches up first (what others did since the last pull),
  // and this case is read again for what its needs are now (papers uploaded for its client,
  // an assessment: they change what the step needs without changing the case).
  useEffect(() => {
    void pull().then(() => refreshCase(params.id)).catch(() => undefined);
  }, [params.id]);
  const sentNow = useRef(false);
  useEffect(() => {
    void outboxItems().then((items) => {
      const left = items.filter((i) => i.state !== 'sent' && (i.recordId === params.id || i.payload.caseId === params.id));
      // This case's papers and actions all went in: show what the step needs after them.
      if (sentNow.current && left.length === 0) void refreshCase(params.id).catch(() => undefined);
      sentNow.current = left.length > 0;
      setQueued(left);
    });
  }, [params.id, outboxChanged.value]);

  if (c === undefined) return null;
  if (c === null) return <p>{t.value.case.notKept}</p>;
  const step = c.steps.find((s) => s.status === 'ACTIVE');
  const done = (msg: string) => {
    setOpen(null);
    setMessage(msg);
  };
  const left = step?.dueAt ? timeLeft(step.dueAt, Date.now(), locale.value) : null;
  const allowed = step?.actions.filter((a) => a.allowed && FORMS[a.kind]) ?? [];
  const refused = step?.actions.filter((a) => !a.allowed) ?? [];
  const issued = c.letters.filter((l) => l.pdf);
  const nextLeg = c.escortedReturn?.legs.find((l) => l.status === 'PLANNED');

  return (
    <section data-testid="step-work">
      <p class="muted"><a href={`/kasus/${c.id}`}>{c.client?.displayName ?? (en ? c.sop.nameEn : c.sop.name)}</a> · {en ? c.sop.nameEn : c.sop.name}</p>
      {c.readOnly && <p class="note">{m.readOnly}</p>}
      {!step && <p>{m.noCurrent}</p>}
      {step && (
        <>
          <h1 data-step={step.key}>{m.title} {step.number} {en ? step.textEn : step.text}</h1>
          <p class="muted">
            {t.value.case.standard}: {step.standardTime || '—'}
            {left && <> · <span class={left.late ? 'error' : ''}>{left.late ? m.late : m.timeLeft} {left.text}</span></>}
            {step.dueAt && ` (${formatTime(step.dueAt)})`}
          </p>
          {step.waitingFor.length > 0 && <p class="muted">{m.waitingFor}: {roleLabels(step.waitingFor)}</p>}
          {step.assignee && <p class="muted">{m.assignee}: {step.assignee.fullName}</p>}
          {step.proposedBy && step.branch && <p class="note">{step.proposedBy.fullName}: {step.branch}</p>}
          <Needs step={step} />
        </>
      )}
      {queued.length > 0 && <p class="note" data-testid="queued">{m.queued}{queued.length}</p>}
      {message && <p class="note" role="status" data-testid="work-message">{message}</p>}

      {step && !c.readOnly && (
        <>
          <h2>{m.youMay}</h2>
          <div class="actions" data-testid="actions">
            {allowed.map((a) => (
              <button key={a.kind} type="button" class={open === a.kind ? '' : 'secondary'} data-action={a.kind}
                onClick={() => { setOpen(open === a.kind ? null : a.kind); setMessage(null); }}>
                {m.kinds[a.kind]}
              </button>
            ))}
          </div>
          {open && FORMS[open]?.({ c, step, done })}
          {refused.length > 0 && (
            <details>
              <summary class="muted">{m.notYours}</summary>
              <ul class="list">
                {refused.map((a) => <li key={a.kind} class="muted">{m.kinds[a.kind]}: {a.refusedBecause}</li>)}
              </ul>
            </details>
          )}
        </>
      )}

      {nextLeg && !c.readOnly && (
        <>
          <h2>{t.value.case.journey}: {nextLeg.from.name} → {nextLeg.to.name} ({nextLeg.distanceKm} km)</h2>
          <DepartForm leg={nextLeg} done={done} />
        </>
      )}
      {issued.map((l) => l.pdf && (
        <p key={l.id}>{l.subject}: {l.number} <PdfLink url={l.pdf.contentUrl} label={m.openPdf} /></p>
      ))}
    </section>
  );
}

/** What the step takes and what is still missing: papers, conditions, and each way on. */
function Needs({ step }: { step: FormProps['step'] }) {
  const n = step.requirements;
  const m = t.value.work;
  if (!n) return null;
  const kinds = m.docKinds;
  return (
    <div class="needs" data-testid="needs" data-ready={n.ready}>
      <h2>{m.needs} <span class={n.ready ? 'chip ok' : 'chip warn'}>{n.ready ? m.ready : m.notReady}</span></h2>
      <ul class="list">
        {n.documents.map((d) => <li key={d.kind} data-held={d.held}>{d.held ? '✓' : '○'} {kinds[d.kind]} · {d.held ? m.held : m.missing}</li>)}
        {n.checks.map((ch) => <li key={ch.check} data-met={ch.met}>{ch.met ? '✓' : '○'} {ch.message ? forWorker(ch.message) : m.checkLabels[ch.check]}</li>)}
      </ul>
      {n.branches.length > 0 && (
        <>
          <h3>{m.branches}</h3>
          <ul class="list">
            {n.branches.map((b) => (
              <li key={b.name} data-branch={b.name} data-ready={b.ready}>
                <strong>{b.label}</strong>{b.approvedBy.length > 0 ? ` (${m.approvedBy} ${b.approvedBy.join(' / ')})` : ''}
                {[...b.documents.filter((d) => !d.held).map((d) => kinds[d.kind]), ...b.checks.filter((ch) => !ch.met).map((ch) => (ch.message ? forWorker(ch.message) : m.checkLabels[ch.check]))]
                  .map((x) => <div key={x} class="muted">○ {x}</div>)}
              </li>
            ))}
          </ul>
        </>
      )}
    </div>
  );
}

/** The server's message without the mutation names it gives developers
 * (`… (requestDukcapilCheck).`): the worker has the button for it right below. */
function forWorker(message: string): string {
  return message.replace(/\s*\([a-z]+[A-Z][A-Za-z]*\)/g, '');
}
