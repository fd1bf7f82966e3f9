import { useEffect, useState } from 'preact/hooks';

import type { OutboxItem } from '../../store/db';
import { useKept } from '../../ui/kept';
import { newId } from '../../domain/ids';
import { graphql } from '../../graphql';
import type { IncomingLegsQuery } from '../../graphql/graphql';
import { formatTime, t } from '../../i18n';
import { shrink } from '../../photos/shrink';
import { enqueue, enqueueUpload, outboxChanged, outboxItems } from '../../sync/outbox';
import { SyncChip } from '../../ui/SyncChip';

const IncomingLegsDoc = graphql(`
  query IncomingLegs {
    relayLegs(direction: INCOMING) {
      id seq legCount status departedAt handedOverAt receivedByName
      from { name }
      traveller { displayName sex age }
    }
  }
`);

type Leg = IncomingLegsQuery['relayLegs'][number];

/** The receiving office's side of a relay journey: the clients on their way here, and the
 * hand-over with its signed record and a photo, saved on the phone first. */
export function Relay() {
  const [legs, refresh] = useKept('incomingLegs', IncomingLegsDoc, {}, (r) => r.relayLegs);
  const [waiting, setWaiting] = useState<OutboxItem[]>([]);
  const [open, setOpen] = useState<string | null>(null);
  const m = t.value.relay;

  useEffect(() => {
    void outboxItems().then((all) => setWaiting(all.filter((i) => i.kind === 'confirmHandover' || i.kind === 'uploadDocument')));
    void refresh();
  }, [outboxChanged.value]);

  return (
    <section>
      <h1>{m.title}</h1>
      {legs?.data.length === 0 && <p>{m.empty}</p>}
      <ul class="list" data-testid="legs">
        {legs?.data.map((l) => {
          const mine = waiting.filter((i) => i.recordId === l.id && i.state !== 'sent');
          return (
            <li key={l.id} class="task" data-leg={l.id}>
              <div class="task-head">
                <strong>{l.traveller?.displayName ?? '—'}</strong>
                <span class="chip" data-status={l.status}>{m.status[l.status]}</span>
                {mine.map((i) => <SyncChip key={i.opId} state={i.state} />)}
              </div>
              <div class="muted">
                {m.leg} {l.seq}/{l.legCount} · {m.from} {l.from.name}
                {l.departedAt ? ` · ${m.departed} ${formatTime(l.departedAt)}` : ''}
              </div>
              {l.status === 'DEPARTED' && mine.length === 0 && (open === l.id
                ? <Handover leg={l} onDone={() => setOpen(null)} />
                : <button type="button" onClick={() => setOpen(l.id)}>{m.confirm}</button>)}
            </li>
          );
        })}
      </ul>
    </section>
  );
}

function Handover({ leg, onDone }: { leg: Leg; onDone: () => void }) {
  const [name, setName] = useState('');
  const [title, setTitle] = useState('');
  const [toFamily, setToFamily] = useState(false);
  const [record, setRecord] = useState<Blob | null>(null);
  const [photo, setPhoto] = useState<Blob | null>(null);
  const m = t.value.relay;

  async function pick(e: Event, set: (b: Blob) => void) {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (file) set(file.type.startsWith('image/') ? (await shrink(file)).blob : file);
  }

  async function save(e: Event) {
    e.preventDefault();
    if (!record || !photo || !name.trim()) return;
    // The record and the photo go first, then the confirmation that names them.
    const recordId = await enqueueUpload(leg.id, record, { kind: 'HANDOVER_RECORD' });
    const photoId = await enqueueUpload(leg.id, photo, { kind: 'HANDOVER_PHOTO' });
    await enqueue('confirmHandover', leg.id, {
      id: newId(),
      legId: leg.id,
      receivedByName: name.trim(),
      receivedByTitle: title.trim() || null,
      handoverDocumentId: recordId,
      photoDocumentId: photoId,
      toFamily,
    });
    onDone();
  }

  return (
    <form class="form" onSubmit={save}>
      <label>{m.receivedBy}<input name="receivedByName" value={name} onInput={(e) => setName(e.currentTarget.value)} /></label>
      <label>{m.title2}<input name="receivedByTitle" value={title} onInput={(e) => setTitle(e.currentTarget.value)} /></label>
      {leg.seq === leg.legCount && (
        <label class="check"><input type="checkbox" checked={toFamily} onChange={(e) => setToFamily(e.currentTarget.checked)} />{m.toFamily}</label>
      )}
      <label>{m.record}<input type="file" name="record" accept="image/*,application/pdf" capture="environment" onChange={(e) => void pick(e, setRecord)} /></label>
      <label>{m.photo}<input type="file" name="photo" accept="image/*" capture="environment" onChange={(e) => void pick(e, setPhoto)} /></label>
      <button type="submit" disabled={!record || !photo || !name.trim()}>{m.confirm}</button>
    </form>
  );
}
