// The step actions that involve someone outside the office: a referral to a UPT/panti, a
// family reunification, a Dukcapil check, and stopping the clock while waiting for them.
// All of them wait in the outbox when there is no connection.
import { useEffect, useState } from 'preact/hooks';

import { newId } from '../../../domain/ids';
import { graphql } from '../../../graphql';
import type { DukcapilResult, ReunificationMode } from '../../../graphql/graphql';
import { t } from '../../../i18n';
import { enqueue } from '../../../sync/outbox';
import { FilePick } from '../../../ui/FilePick';
import { useKept } from '../../../ui/kept';
import { type FormProps, attach } from './common';

const PartnersDoc = graphql(`
  query Partners {
    institutions(first: 100) { edges { node { id name kind capacity categoriesServed } } }
  }
`);

const DukcapilOfClientDoc = graphql(`
  query DukcapilOfClient($id: ID!) {
    client(id: $id) { id dukcapilRequests { id reference requestedAt result } }
  }
`);

/** A referral to one of the office's partner UPTs/panti, with what it needs to know. */
export function ReferForm({ c, done }: FormProps) {
  const [partners, refresh] = useKept('partners', PartnersDoc, {}, (r) => r.institutions.edges.map((e) => e.node));
  const [to, setTo] = useState('');
  const [summary, setSummary] = useState('');
  const m = t.value.work;
  useEffect(() => void refresh(), []);
  // A UPT that already declined is not asked again.
  const declined = new Set(c.referrals.filter((r) => r.status === 'DECLINED').map((r) => r.institution?.id));
  const homes = (partners?.data ?? []).filter((p) => p.kind !== 'LKS' && !declined.has(p.id));
  async function save(e: Event) {
    e.preventDefault();
    if (!to || !summary.trim()) return;
    await enqueue('referCase', c.id, { id: newId(), caseId: c.id, institutionId: to, needsSummary: summary.trim() });
    done(m.saved);
  }
  return (
    <form class="form" onSubmit={save} data-form="refer">
      <label>
        {m.institution}
        <select name="institution" value={to} onChange={(e) => setTo(e.currentTarget.value)}>
          <option value="" />
          {homes.map((p) => <option key={p.id} value={p.id}>{p.name}{p.capacity ? ` (${p.capacity})` : ''}</option>)}
        </select>
      </label>
      <label>{m.needsSummary}<textarea name="needsSummary" rows={3} value={summary} onInput={(e) => setSummary(e.currentTarget.value)} /></label>
      <button type="submit" disabled={!to || !summary.trim()}>{m.kinds.REFER}</button>
    </form>
  );
}

/** The family found and the client back with them, with the proof. */
export function ReunificationForm({ c, done }: FormProps) {
  const [family, setFamily] = useState({ name: '', relation: '', phone: '', address: '' });
  const [mode, setMode] = useState<ReunificationMode>('PICKED_UP');
  const [proof, setProof] = useState<Blob | null>(null);
  const [note, setNote] = useState('');
  const [error, setError] = useState<string | null>(null);
  const m = t.value.work;
  const field = (k: keyof typeof family) => (e: Event) => setFamily({ ...family, [k]: (e.currentTarget as HTMLInputElement).value });
  async function save(e: Event) {
    e.preventDefault();
    if (!family.name.trim() || !proof) return setError(m.reunificationNeeds);
    const [proofDocumentId] = await attach(c, [{ kind: 'HANDOVER_RECORD', blob: proof }]);
    await enqueue('recordReunification', c.id, {
      id: newId(),
      caseId: c.id,
      family: { name: family.name.trim(), relation: family.relation.trim() || null, phone: family.phone.trim() || null, address: family.address.trim() || null },
      mode,
      proofDocumentId,
      note: note.trim() || null,
    });
    done(m.saved);
  }
  return (
    <form class="form" onSubmit={save} data-form="reunification">
      <label>{m.family}<input name="familyName" value={family.name} onInput={field('name')} /></label>
      <label>{m.relation}<input name="relation" value={family.relation} onInput={field('relation')} /></label>
      <label>{m.phone}<input name="phone" inputMode="tel" value={family.phone} onInput={field('phone')} /></label>
      <label>{m.address}<input name="address" value={family.address} onInput={field('address')} /></label>
      <fieldset>
        <legend>{m.reunifyMode}</legend>
        {(['PICKED_UP', 'HANDED_OVER'] as const).map((k) => (
          <label key={k} class="check"><input type="radio" name="mode" checked={mode === k} onChange={() => setMode(k)} />{m.reunifyModes[k]}</label>
        ))}
      </fieldset>
      <FilePick name="proof" label={m.proof} onPick={(b) => { setProof(b); setError(null); }} />
      <label>{m.note}<textarea name="note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} /></label>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit">{m.kinds.RECORD_REUNIFICATION}</button>
    </form>
  );
}

/** Asking Dukcapil who the client is, and recording its answer when it comes. */
export function DukcapilForm({ c, done }: FormProps) {
  const clientId = c.client?.id ?? '';
  const [asked, refresh] = useKept(`dukcapil:${clientId}`, DukcapilOfClientDoc, { id: clientId }, (r) => r.client?.dukcapilRequests ?? []);
  const [reference, setReference] = useState('');
  const [note, setNote] = useState('');
  const [answer, setAnswer] = useState({ result: 'FOUND' as DukcapilResult, name: '', nik: '', origin: '' });
  const [reply, setReply] = useState<Blob | null>(null);
  const m = t.value.work;
  useEffect(() => void refresh(), [clientId]);
  const open = asked?.data.find((r) => !r.result);

  async function ask(e: Event) {
    e.preventDefault();
    if (!reference.trim()) return;
    await enqueue('requestDukcapilCheck', c.id, { id: newId(), clientId, caseId: c.id, reference: reference.trim(), note: note.trim() || null });
    done(m.saved);
  }
  async function record(e: Event) {
    e.preventDefault();
    if (!open) return;
    const [replyDocumentId] = reply ? await attach(c, [{ kind: 'DUKCAPIL_REPLY', blob: reply }]) : [];
    await enqueue('recordDukcapilAnswer', c.id, {
      id: newId(),
      requestId: open.id,
      result: answer.result,
      name: answer.name.trim() || null,
      nik: answer.nik.trim() || null,
      originRegionCode: answer.origin.trim() || null,
      replyDocumentId: replyDocumentId ?? null,
    });
    done(m.saved);
  }

  if (open) {
    return (
      <form class="form" onSubmit={record} data-form="dukcapil-answer">
        <p class="muted">{m.waitingAnswer}: {open.reference}</p>
        <fieldset>
          <legend>{m.dukcapilAnswer}</legend>
          {(['FOUND', 'NOT_REGISTERED'] as const).map((k) => (
            <label key={k} class="check"><input type="radio" name="result" checked={answer.result === k} onChange={() => setAnswer({ ...answer, result: k })} />{m.dukcapilResults[k]}</label>
          ))}
        </fieldset>
        {answer.result === 'FOUND' && (
          <>
            <label>{m.nameFound}<input name="name" value={answer.name} onInput={(e) => setAnswer({ ...answer, name: e.currentTarget.value })} /></label>
            <label>{m.nikFound}<input name="nik" inputMode="numeric" value={answer.nik} onInput={(e) => setAnswer({ ...answer, nik: e.currentTarget.value })} /></label>
          </>
        )}
        <label>{m.origin}<input name="origin" value={answer.origin} onInput={(e) => setAnswer({ ...answer, origin: e.currentTarget.value })} /></label>
        <FilePick name="reply" label={m.docKinds.DUKCAPIL_REPLY} onPick={setReply} />
        <button type="submit">{m.send}</button>
      </form>
    );
  }
  return (
    <form class="form" onSubmit={ask} data-form="dukcapil">
      <label>{m.reference}<input name="reference" value={reference} onInput={(e) => setReference(e.currentTarget.value)} /></label>
      <label>{m.note}<textarea name="note" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} /></label>
      <button type="submit" disabled={!reference.trim()}>{m.kinds.REQUEST_DUKCAPIL_CHECK}</button>
    </form>
  );
}

/** Stopping the step's clock while the office waits for someone else. */
export function PauseForm({ c, done }: FormProps) {
  const [reason, setReason] = useState('');
  const m = t.value.work;
  async function save(e: Event) {
    e.preventDefault();
    await enqueue('pauseClock', c.id, { id: newId(), caseId: c.id, reason: reason.trim() || null });
    done(m.saved);
  }
  return (
    <form class="form" onSubmit={save} data-form="pause">
      <label>{m.reason}<input name="reason" value={reason} onInput={(e) => setReason(e.currentTarget.value)} /></label>
      <button type="submit">{m.pause}</button>
    </form>
  );
}
