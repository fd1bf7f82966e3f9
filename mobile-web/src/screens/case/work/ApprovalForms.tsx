// The approval chain on the phone: paraf (offline too, on the case's version), tanda
// tangan (online: the server signs the exact draft), sending back with a reason, and
// disposisi to a named colleague.
import { useEffect, useState } from 'preact/hooks';

import { newId } from '../../../domain/ids';
import { graphql } from '../../../graphql';
import { roleLabels, t } from '../../../i18n';
import { authed, session } from '../../../net/session';
import { enqueue } from '../../../sync/outbox';
import { pull } from '../../../sync/workingSet';
import { useKept } from '../../../ui/kept';
import { ServerButton } from '../../../ui/ServerButton';
import { useServerCall } from '../../../ui/serverCall';
import { ColleaguesDoc, type FormProps, fill } from './common';

const SignStepDoc = graphql(`
  mutation SignStep($input: ApproveInput!) {
    signStep(input: $input) { id version currentStepKey }
  }
`);


/** The draft as it will be printed: shown before anyone initials or signs it, with what
 * the last correction changed. */
export function LetterDraft({ c }: { c: FormProps['c'] }) {
  const letter = c.letters.find((l) => !l.number) ?? c.letters[0];
  const m = t.value.work;
  if (!letter) return <p class="muted">{m.noDraft}</p>;
  const last = letter.versions[letter.versions.length - 1];
  return (
    <article class="letter" data-testid="letter-draft" data-version={letter.version}>
      <h3>{m.draft}: {letter.subject}</h3>
      <p class="muted">{letter.addressee} · {fill(m.versionOf, { n: String(letter.version) })}</p>
      {letter.body.map((line, i) => <p key={i}>{line}</p>)}
      {last && last.version > 1 && (
        <div class="changes" data-testid="letter-changes">
          <p class="muted">
            {fill(m.correctedBy, { name: last.madeBy?.fullName ?? '—', role: last.madeRole ? roleLabels([last.madeRole]) : '' })}
            {last.note ? `: ${last.note}` : ''}
          </p>
          {last.changes.filter((ch) => ch.kind !== 'SAME').map((ch, i) => (
            <p key={i} class={ch.kind === 'ADDED' ? 'added' : 'removed'}>{ch.kind === 'ADDED' ? '+ ' : '− '}{ch.text}</p>
          ))}
        </div>
      )}
    </article>
  );
}

/** Paraf, or tanda tangan (`signing`), each after the draft and the signer's own
 * confirmation. */
export function ApproveForm({ c, step, done, signing }: FormProps & { signing?: boolean }) {
  const [note, setNote] = useState('');
  const [sure, setSure] = useState(false);
  const { busy, error, run } = useServerCall();
  const m = t.value.work;
  const me = session.value?.fullName ?? '';

  async function save(e: Event) {
    e.preventDefault();
    if (!sure) return;
    const input = { id: newId(), caseId: c.id, stepKey: step.key, note: note.trim() || null, expectedVersion: c.version };
    if (!signing) {
      await enqueue('addInitials', c.id, input);
      return done(m.saved);
    }
    await run(async () => {
      await authed(SignStepDoc, { input });
      await pull();
      done(m.done);
    });
  }

  return (
    <form class="form" onSubmit={save} data-form={signing ? 'sign' : 'initials'}>
      <LetterDraft c={c} />
      <label>{m.note}<textarea name="note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} /></label>
      <label class="check">
        <input type="checkbox" name="confirm" checked={sure} onChange={(e) => setSure(e.currentTarget.checked)} />
        {fill(signing ? m.confirmSign : m.confirmInitials, { name: me })}
      </label>
      {error && <p class="error" role="alert">{error}</p>}
      {signing
        ? <ServerButton disabled={!sure || busy}>{m.kinds.SIGN}</ServerButton>
        : <button type="submit" disabled={!sure}>{m.kinds.ADD_INITIALS}</button>}
    </form>
  );
}

/** Sending the step back (dikoreksi, not approved) with the reason the drafter reads. */
export function SendBackForm({ c, step, done }: FormProps) {
  const [reason, setReason] = useState('');
  const m = t.value.work;
  async function save(e: Event) {
    e.preventDefault();
    if (!reason.trim()) return;
    await enqueue('sendBack', c.id, { id: newId(), caseId: c.id, stepKey: step.key, reason: reason.trim(), expectedVersion: c.version });
    done(m.saved);
  }
  return (
    <form class="form" onSubmit={save} data-form="send-back">
      <LetterDraft c={c} />
      <label>{m.reason}<textarea name="reason" rows={3} required value={reason} onInput={(e) => setReason(e.currentTarget.value)} /></label>
      <button type="submit" disabled={!reason.trim()}>{m.kinds.SEND_BACK}</button>
    </form>
  );
}

/** Disposisi: the case goes to one named colleague with an instruction. The list of
 * colleagues is the last one read, so it works offline too. */
export function DisposeForm({ c, done }: FormProps) {
  const [colleagues, refresh] = useKept('colleagues', ColleaguesDoc, {}, (r) => r.users.edges.map((e) => e.node));
  const [to, setTo] = useState('');
  const [instruction, setInstruction] = useState('');
  const m = t.value.work;
  useEffect(() => void refresh(), []);
  async function save(e: Event) {
    e.preventDefault();
    if (!to || !instruction.trim()) return;
    await enqueue('disposeCase', c.id, { id: newId(), caseId: c.id, toUserId: to, instruction: instruction.trim(), expectedVersion: c.version });
    done(m.saved);
  }
  const others = (colleagues?.data ?? []).filter((u) => u.id !== session.value?.userId);
  return (
    <form class="form" onSubmit={save} data-form="dispose">
      <label>
        {m.colleague}
        <select name="toUser" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
          <option value="" />
          {others.map((u) => <option key={u.id} value={u.id}>{u.fullName} ({roleLabels(u.roles)})</option>)}
        </select>
      </label>
      <label>{m.instruction}<textarea name="instruction" rows={3} value={instruction} onInput={(e) => setInstruction(e.currentTarget.value)} /></label>
      <button type="submit" disabled={!to || !instruction.trim()}>{m.kinds.DISPOSE}</button>
    </form>
  );
}
