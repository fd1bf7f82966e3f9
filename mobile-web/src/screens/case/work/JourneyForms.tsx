// The journey home: planning it (the server proposes the legs, so online only; a second
// plan replaces the first) and a leg's departure (offline too, through the outbox).
import { useEffect, useState } from 'preact/hooks';

import { newId } from '../../../domain/ids';
import { graphql } from '../../../graphql';
import type { Carrier, ReturnMode } from '../../../graphql/graphql';
import { t } from '../../../i18n';
import { authed } from '../../../net/session';
import { enqueue, enqueueUpload } from '../../../sync/outbox';
import { pull } from '../../../sync/workingSet';
import { FilePick } from '../../../ui/FilePick';
import { ServerButton } from '../../../ui/ServerButton';
import { useKept } from '../../../ui/kept';
import { useServerCall } from '../../../ui/serverCall';
import { ColleaguesDoc, type FormProps } from './common';

const PlanReturnDoc = graphql(`
  mutation PlanReturn($input: PlanReturnInput!) {
    planReturn(input: $input) { id byRelay totalKm legs { id seq from { name } to { name } mode distanceKm } }
  }
`);

const MODES: ReturnMode[] = ['PUBLIC_TRANSPORT', 'TRAVEL_AGENT', 'ESCORT'];
const CARRIERS: Carrier[] = ['BUS', 'SHIP', 'TRAIN', 'PLANE', 'TRAVEL_AGENT', 'OFFICE_VEHICLE', 'FAMILY'];

export function PlanReturnForm({ c }: FormProps) {
  const [mode, setMode] = useState<ReturnMode>('PUBLIC_TRANSPORT');
  const [relay, setRelay] = useState<'' | 'yes' | 'no'>('');
  const [colleagues, refresh] = useKept('colleagues', ColleaguesDoc, {}, (r) => r.users.edges.map((e) => e.node));
  const [escorts, setEscorts] = useState<string[]>([]);
  useEffect(() => void refresh(), []);
  const escorted = mode === 'ESCORT';
  const { busy, error, run } = useServerCall();
  const m = t.value.work;
  const planned = c.escortedReturn;

  async function save(e: Event) {
    e.preventDefault();
    await run(async () => {
      await authed(PlanReturnDoc, { input: { id: planned?.id ?? newId(), caseId: c.id, mode, byRelay: relay === '' ? null : relay === 'yes', escortUserIds: escorted ? escorts : [] } });
      // The proposal shows from the case as the server now has it.
      await pull();
    });
  }

  return (
    <form class="form" onSubmit={save} data-form="plan-return">
      <label>
        {m.mode}
        <select name="mode" value={mode} onChange={(e) => setMode(e.currentTarget.value as ReturnMode)}>
          {MODES.map((k) => <option key={k} value={k}>{m.modes[k]}</option>)}
        </select>
      </label>
      <label>
        {m.byRelay}
        <select name="byRelay" value={relay} onChange={(e) => setRelay(e.currentTarget.value as '' | 'yes' | 'no')}>
          <option value="">{m.relayChoices.sop}</option>
          <option value="yes">{m.relayChoices.yes}</option>
          <option value="no">{m.relayChoices.no}</option>
        </select>
      </label>
      {escorted && (
        <fieldset>
          <legend>{m.escorts}</legend>
          {(colleagues?.data ?? []).filter((u) => u.roles.some((r) => r !== 'ADMIN')).map((u) => (
            <label key={u.id} class="check">
              <input type="checkbox" name="escort" value={u.id} checked={escorts.includes(u.id)}
                onChange={(e) => setEscorts(e.currentTarget.checked ? [...escorts, u.id] : escorts.filter((x) => x !== u.id))} />
              {u.fullName}
            </label>
          ))}
        </fieldset>
      )}
      {planned && planned.legs.length > 0 && (
        <>
          <h3>{m.proposal}</h3>
          <ol class="list" data-testid="proposed-legs">
            {planned.legs.map((l) => (
              <li key={l.id} class="muted">{l.from.name} → {l.to.name} · {l.distanceKm} km · {m.legModes[l.mode]}</li>
            ))}
          </ol>
        </>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      <ServerButton disabled={busy || (escorted && escorts.length === 0)}>{planned ? m.replan : m.plan}</ServerButton>
    </form>
  );
}

type Leg = NonNullable<FormProps['c']['escortedReturn']>['legs'][number];

/** A leg leaving: how, for how much, and its papers (the forwarding letter on a relay). */
export function DepartForm({ leg, done }: { leg: Leg; done: (message: string) => void }) {
  const [carrier, setCarrier] = useState<Carrier>('BUS');
  const [cost, setCost] = useState('');
  const [forwarding, setForwarding] = useState<Blob | null>(null);
  const [ticket, setTicket] = useState<Blob | null>(null);
  const m = t.value.work;
  async function save(e: Event) {
    e.preventDefault();
    const forwardingDocumentId = forwarding ? await enqueueUpload(leg.id, forwarding, { kind: 'SURAT_PENERUSAN' }) : null;
    const ticketDocumentId = ticket ? await enqueueUpload(leg.id, ticket, { kind: 'TICKET_RECEIPT' }) : null;
    await enqueue('departLeg', leg.id, {
      id: newId(),
      legId: leg.id,
      carrier,
      ticketCost: cost.trim() ? Number(cost) : null,
      forwardingDocumentId,
      ticketDocumentId,
    });
    done(m.saved);
  }
  return (
    <form class="form" onSubmit={save} data-form="depart">
      <label>
        {m.carrier}
        <select name="carrier" value={carrier} onChange={(e) => setCarrier(e.currentTarget.value as Carrier)}>
          {CARRIERS.map((k) => <option key={k} value={k}>{m.carriers[k]}</option>)}
        </select>
      </label>
      <label>{m.ticketCost}<input name="ticketCost" inputMode="numeric" value={cost} onInput={(e) => setCost(e.currentTarget.value)} /></label>
      <FilePick name="forwarding" label={m.forwarding} onPick={setForwarding} />
      <FilePick name="ticket" label={m.docKinds.TICKET_RECEIPT} onPick={setTicket} />
      <button type="submit">{m.depart}</button>
    </form>
  );
}
