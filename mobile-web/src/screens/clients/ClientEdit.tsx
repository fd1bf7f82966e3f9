import { useLocation, useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';

import { type LocalClient, getLocalClient, putLocalClient } from '../../store/db';
import { session } from '../../net/session';
import { LOCATIONS } from '../../domain/categories';
import { newId } from '../../domain/ids';
import type { ClientLocation } from '../../graphql/graphql';
import { t } from '../../i18n';
import { enqueue } from '../../sync/outbox';

/** Changing a client registered on this phone: saved here at once, sent based on the
 * version the phone last saw (a change by someone else meanwhile becomes a conflict). */
export function ClientEdit() {
  const { params } = useRoute();
  const { route } = useLocation();
  const [client, setClient] = useState<LocalClient | null>(null);
  const [name, setName] = useState('');
  const [location, setLocation] = useState<ClientLocation>('STREET');
  const [locationDetail, setLocationDetail] = useState('');
  const [notes, setNotes] = useState('');
  const m = t.value.clients;

  useEffect(() => {
    void (async () => {
      const c = await getLocalClient(params.id);
      if (!c || c.userId !== session.value?.userId) return;
      setClient(c);
      setName(String(c.input.name ?? ''));
      setLocation((c.input.location as ClientLocation) ?? 'STREET');
      setLocationDetail(String(c.input.locationDetail ?? ''));
      setNotes(String(c.input.notes ?? ''));
    })();
  }, [params.id]);

  async function save(e: Event) {
    e.preventDefault();
    if (!client) return;
    const change = {
      name: name.trim() || null,
      location,
      locationDetail: locationDetail.trim() || null,
      notes: notes.trim() || null,
    };
    await putLocalClient({ ...client, input: { ...client.input, ...change }, displayName: change.name ?? client.displayName });
    const mutationId = newId();
    await enqueue('updateClient', client.id, { id: client.id, mutationId, ...change }, mutationId);
    route('/klien');
  }

  if (!client) return null;
  return (
    <form class="card form" onSubmit={save}>
      <h1>{m.edit}: {client.displayName}</h1>
      <label>
        {m.name}
        <input name="name" value={name} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label>
        {m.location}
        <select name="location" value={location} onChange={(e) => setLocation(e.currentTarget.value as ClientLocation)}>
          {LOCATIONS.map((l) => <option key={l} value={l}>{m.locations[l]}</option>)}
        </select>
      </label>
      <label>
        {m.locationDetail}
        <input name="locationDetail" value={locationDetail} onInput={(e) => setLocationDetail(e.currentTarget.value)} />
      </label>
      <label>
        {m.notes}
        <textarea name="notes" rows={3} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
      </label>
      <button type="submit">{m.save}</button>
    </form>
  );
}
