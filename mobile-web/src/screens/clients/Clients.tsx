import { useEffect, useState } from 'preact/hooks';

import { type LocalClient, type OutboxItem, allLocalClients } from '../../store/db';
import { session } from '../../net/session';
import { formatTime, t } from '../../i18n';
import { outboxChanged, outboxItems, recordState, resolveConflict, resolveDuplicates } from '../../sync/outbox';
import { SyncChip } from '../../ui/SyncChip';
import { FindClient } from './FindClient';

/** The clients registered on this phone with their sync state; possible duplicates the
 * server found wait here for the worker's choice. */
export function Clients() {
  const [clients, setClients] = useState<LocalClient[]>([]);
  const [items, setItems] = useState<OutboxItem[]>([]);
  const m = t.value;

  useEffect(() => {
    void (async () => {
      const me = session.value?.userId;
      const all = (await allLocalClients()).filter((c) => c.userId === me);
      setClients(all.sort((a, b) => b.savedAt.localeCompare(a.savedAt)));
      setItems(await outboxItems());
    })();
  }, [outboxChanged.value]);

  return (
    <section>
      <header class="row">
        <h1>{m.nav.clients}</h1>
        <a class="button" href="/klien/baru">{m.nav.register}</a>
      </header>
      <FindClient />
      <h2>{m.clients.title}</h2>
      {clients.length === 0 && <p>{m.clients.empty}</p>}
      <ul class="list" data-testid="clients">
        {clients.map((c) => {
          const own = items.filter((i) => i.recordId === c.id);
          const conflict = own.find((i) => i.state === 'conflict');
          const refused = own.find((i) => i.state === 'refused');
          return (
            <li key={c.id} class="task" data-client={c.id}>
              <div class="task-head">
                <strong>{c.displayName}</strong>
                <SyncChip state={recordState(own)} />
              </div>
              <div class="muted">{formatTime(c.savedAt)}</div>
              {own.filter((i) => i.kind === 'uploadPhoto').map((i) => (
                <div key={i.opId} class="muted">{m.sync.photo}: <SyncChip state={i.state} /></div>
              ))}
              {refused && <p class="error">{refused.lastError}</p>}
              <div class="row">
                <a href={`/klien/${c.id}/ubah`}>{m.clients.edit}</a>
                <a href={`/klien/${c.id}/asesmen`}>{m.clients.assess}</a>
              </div>
              {conflict?.theirs && (
                <div class="note" data-testid="conflict">
                  <p>{m.sync.conflictIntro}</p>
                  <table class="versions">
                    <thead><tr><th /><th>{m.sync.mine}</th><th>{m.sync.theirs}</th></tr></thead>
                    <tbody>
                      {(['name', 'location', 'locationDetail', 'notes'] as const).map((f) => (
                        <tr key={f}>
                          <th>{m.clients[f]}</th>
                          <td>{String(conflict.payload[f] ?? '—')}</td>
                          <td>{String(conflict.theirs?.[f] ?? '—')}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                  <div class="row">
                    <button type="button" onClick={() => void resolveConflict(conflict.opId, true)}>{m.sync.useMine}</button>
                    <button type="button" class="secondary" onClick={() => void resolveConflict(conflict.opId, false)}>{m.sync.useTheirs}</button>
                  </div>
                </div>
              )}
              {conflict?.duplicates && (
                <div class="note" data-testid="duplicates">
                  <p>{m.sync.duplicates}</p>
                  <ul>
                    {conflict.duplicates.map((d) => (
                      <li key={d.clientId}>{d.displayName}{d.birthDate ? ` (${d.birthDate})` : ''}</li>
                    ))}
                  </ul>
                  <div class="row">
                    <button type="button" onClick={() => void resolveDuplicates(conflict.opId, true)}>{m.sync.registerAnyway}</button>
                    <button type="button" class="secondary" onClick={() => void resolveDuplicates(conflict.opId, false)}>{m.sync.samePerson}</button>
                  </div>
                </div>
              )}
            </li>
          );
        })}
      </ul>
    </section>
  );
}
