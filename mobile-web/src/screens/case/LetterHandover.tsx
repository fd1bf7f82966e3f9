// A numbered letter handed to the client, the family or the UPT (seed 000 step 6:
// "diserahkan kepada klien"): who signed for it, with a photo of the signature, saved on
// the phone first and sent with the photo before it.
import { useState } from 'preact/hooks';

import { newId } from '../../domain/ids';
import type { ReceiverParty, Role } from '../../graphql/graphql';
import { t } from '../../i18n';
import { session } from '../../net/session';
import { enqueue } from '../../sync/outbox';
import type { KeptCase } from '../../sync/workingSet';
import { FilePick } from '../../ui/FilePick';
import { attach } from './work/common';

type Letter = KeptCase['letters'][number];

/** Who hands letters over and records the receiver (the server says the same). */
const HANDING_OVER: Role[] = ['STAF', 'KASI', 'PEKSOS', 'PENDAMPING'];

export function mayHandOver(): boolean {
  return (session.value?.roles ?? []).some((r) => HANDING_OVER.includes(r));
}

/** The office's casework staff print the case's papers (not its account admin). */
export function mayPrintForms(): boolean {
  return (session.value?.roles ?? []).some((r) => r !== 'ADMIN');
}

export function LetterHandover({ c, letter, onDone }: { c: KeptCase; letter: Letter; onDone: (message: string) => void }) {
  const referred = c.referrals.some((r) => r.status === 'ACCEPTED' || r.status === 'ADMITTED');
  const [party, setParty] = useState<ReceiverParty>(referred ? 'UPT' : 'CLIENT');
  const [name, setName] = useState(letter.recipient ?? '');
  const [carrier, setCarrier] = useState('');
  const [photo, setPhoto] = useState<Blob | null>(null);
  const [error, setError] = useState<string | null>(null);
  const m = t.value.case;

  async function save(e: Event) {
    e.preventDefault();
    if (!name.trim() || !photo) return setError(m.handOverNeeds);
    const [receiptDocumentId] = await attach(c, [{ kind: 'TANDA_TERIMA', blob: photo }]);
    await enqueue('recordLetterHandover', c.id, {
      id: newId(),
      letterId: letter.id,
      receiverParty: party,
      receivedByName: name.trim(),
      carriedBy: carrier.trim() || null,
      receiptDocumentId,
    });
    onDone(m.handOverSaved);
  }

  return (
    <form class="form" onSubmit={save} data-form="letter-handover">
      <h3>{m.handOverTitle}</h3>
      <fieldset>
        <legend>{m.receiverParty}</legend>
        {(['CLIENT', 'FAMILY', 'UPT', 'OFFICE'] as const).map((p) => (
          <label key={p} class="check"><input type="radio" name="party" checked={party === p} onChange={() => setParty(p)} />{m.parties[p]}</label>
        ))}
      </fieldset>
      <label>{m.receiverName}<input name="receivedByName" value={name} onInput={(e) => { setName(e.currentTarget.value); setError(null); }} /></label>
      <label>{m.carriedBy}<input name="carriedBy" value={carrier} onInput={(e) => setCarrier(e.currentTarget.value)} /></label>
      <FilePick name="signature" label={m.signaturePhoto} onPick={(b) => { setPhoto(b); setError(null); }} />
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit">{m.handOver}</button>
    </form>
  );
}
