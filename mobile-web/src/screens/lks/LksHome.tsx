import { useEffect, useState } from 'preact/hooks';

import type { OutboxItem } from '../../store/db';
import { useKept } from '../../ui/kept';
import { newId } from '../../domain/ids';
import { graphql } from '../../graphql';
import { formatTime, t } from '../../i18n';
import { enqueue, outboxChanged, outboxItems } from '../../sync/outbox';
import { SyncChip } from '../../ui/SyncChip';

const LksApplicationsDoc = graphql(`
  query LksApplications {
    lksApplications(first: 100) {
      edges { node { id purpose status round createdAt submittedAt } }
    }
  }
`);

/** An LKS's applications for a recommendation, and a new one. */
export function LksHome() {
  const [list, refresh] = useKept('lksApplications', LksApplicationsDoc, {}, (r) =>
    r.lksApplications.edges.map((e) => e.node),
  );
  const [local, setLocal] = useState<OutboxItem[]>([]);
  const [purpose, setPurpose] = useState('');
  const m = t.value.lks;

  useEffect(() => {
    void outboxItems().then((all) => setLocal(all.filter((i) => i.kind === 'createLksApplication')));
    void refresh();
  }, [outboxChanged.value]);

  function create(e: Event) {
    e.preventDefault();
    if (!purpose.trim()) return;
    const id = newId();
    void enqueue('createLksApplication', id, { id, purpose: purpose.trim() });
    setPurpose('');
  }

  const known = new Set(list?.data.map((a) => a.id));
  const waiting = local.filter((i) => !known.has(i.recordId));
  return (
    <section>
      <h1>{m.title}</h1>
      <form class="card form" onSubmit={create}>
        <label>
          {m.purpose}
          <input name="purpose" value={purpose} placeholder={m.purposeExample} onInput={(e) => setPurpose(e.currentTarget.value)} />
        </label>
        <button type="submit" disabled={!purpose.trim()}>{m.create}</button>
      </form>
      <ul class="list" data-testid="lks-applications">
        {waiting.map((i) => (
          <li key={i.opId} class="task">
            <a href={`/lks/${i.recordId}`}><strong>{String(i.payload.purpose)}</strong></a> <SyncChip state={i.state} />
          </li>
        ))}
        {list?.data.map((a) => (
          <li key={a.id} class="task" data-application={a.id}>
            <a href={`/lks/${a.id}`}><strong>{a.purpose}</strong></a>
            <span class="chip" data-status={a.status}>{m.status[a.status]}</span>
            <div class="muted">{formatTime(a.createdAt)}{a.round > 0 ? ` · ${m.round} ${a.round}` : ''}</div>
          </li>
        ))}
      </ul>
    </section>
  );
}
