import { useState } from 'preact/hooks';

import { graphql } from '../../graphql';
import { t } from '../../i18n';
import { NetworkError } from '../../net/gql';
import { authed } from '../../net/session';
import { keptCases } from '../../sync/workingSet';

const FindClientsDoc = graphql(`
  query FindClients($filter: ClientFilter) {
    clients(first: 20, filter: $filter) { nodes { id displayName nikMasked sex birthDate estimatedAge } }
  }
`);

interface Found {
  id: string;
  displayName: string;
  nikMasked?: string | null;
}

/** The office's clients by name (the server's Indonesian name matching), NIK or Mr X
 * label; offline, the clients of the office's open cases kept on the phone. */
export function FindClient() {
  const [q, setQ] = useState('');
  const [found, setFound] = useState<Found[] | null>(null);
  const [offline, setOffline] = useState(false);
  const m = t.value.find;

  async function search(e: Event) {
    e.preventDefault();
    const text = q.trim();
    if (!text) return;
    const digits = /^\d{6,16}$/.test(text);
    try {
      const r = await authed(FindClientsDoc, { filter: digits ? { nik: text } : { name: text } });
      setFound(r.clients.nodes);
      setOffline(false);
    } catch (err) {
      if (!(err instanceof NetworkError)) throw err;
      const wanted = text.toLowerCase();
      const seen = new Map<string, Found>();
      for (const c of await keptCases()) {
        if (c.client && c.client.displayName.toLowerCase().includes(wanted)) seen.set(c.client.id, c.client);
      }
      setFound([...seen.values()]);
      setOffline(true);
    }
  }

  return (
    <form class="form" onSubmit={search} role="search">
      <label>
        {m.label}
        <input name="q" type="search" value={q} placeholder={m.placeholder} onInput={(e) => setQ(e.currentTarget.value)} />
      </label>
      <button type="submit" class="secondary">{m.search}</button>
      {offline && <p class="muted">{m.offline}</p>}
      {found?.length === 0 && <p>{m.none}</p>}
      {found && found.length > 0 && (
        <ul class="list" data-testid="found">
          {found.map((c) => (
            <li key={c.id} class="task"><a href={`/klien/${c.id}`}><strong>{c.displayName}</strong></a>{c.nikMasked ? <span class="muted"> · {c.nikMasked}</span> : null}</li>
          ))}
        </ul>
      )}
    </form>
  );
}
