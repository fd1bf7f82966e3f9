import { useLocation, useRoute } from 'preact-iso';
import { useState } from 'preact/hooks';

import { newId } from '../../domain/ids';
import type { DocumentKind, Eligibility } from '../../graphql/graphql';
import { t } from '../../i18n';
import { enqueue } from '../../sync/outbox';

const PAPERS: DocumentKind[] = ['KTP', 'KK', 'SURAT_KETERANGAN_LURAH', 'SURAT_KETERANGAN_DOKTER', 'REKOMENDASI_TKSK'];

/** The assessment (asesmen) of a client: condition, needs, a family contact, the papers
 * seen, and the eligibility decision with its reason. A new record, never an edit, so it
 * cannot conflict; it goes after the client's registration. */
export function Assessment() {
  const { params } = useRoute();
  const { route } = useLocation();
  const [condition, setCondition] = useState('');
  const [needs, setNeeds] = useState('');
  const [family, setFamily] = useState({ name: '', relation: '', phone: '' });
  const [papers, setPapers] = useState<DocumentKind[]>([]);
  const [eligibility, setEligibility] = useState<Eligibility>('UNDECIDED');
  const [reason, setReason] = useState('');
  const [error, setError] = useState<string | null>(null);
  const m = t.value.assessment;

  async function save(e: Event) {
    e.preventDefault();
    if (eligibility !== 'UNDECIDED' && !reason.trim()) return setError(m.needReason);
    const id = newId();
    await enqueue('recordAssessment', params.id, {
      id,
      clientId: params.id,
      condition: condition.trim() || null,
      needs: needs.trim() || null,
      familyContacts: family.name.trim()
        ? [{ name: family.name.trim(), relation: family.relation.trim() || null, phone: family.phone.trim() || null }]
        : [],
      documentsPresent: papers,
      eligibility,
      eligibilityReason: reason.trim() || null,
    });
    route('/klien');
  }

  return (
    <form class="card form" onSubmit={save} data-testid="assessment">
      <h1>{m.title}</h1>
      <label>{m.condition}<textarea name="condition" rows={3} value={condition} onInput={(e) => setCondition(e.currentTarget.value)} /></label>
      <label>{m.needs}<textarea name="needs" rows={2} value={needs} onInput={(e) => setNeeds(e.currentTarget.value)} /></label>
      <fieldset>
        <legend>{m.family}</legend>
        <label>{m.familyName}<input name="familyName" value={family.name} onInput={(e) => setFamily({ ...family, name: e.currentTarget.value })} /></label>
        <label>{m.relation}<input name="relation" value={family.relation} onInput={(e) => setFamily({ ...family, relation: e.currentTarget.value })} /></label>
        <label>{m.phone}<input name="phone" inputMode="tel" value={family.phone} onInput={(e) => setFamily({ ...family, phone: e.currentTarget.value })} /></label>
      </fieldset>
      <fieldset>
        <legend>{m.papers}</legend>
        {PAPERS.map((p) => (
          <label key={p} class="check">
            <input type="checkbox" value={p} checked={papers.includes(p)}
              onChange={() => setPapers((cur) => (cur.includes(p) ? cur.filter((x) => x !== p) : [...cur, p]))} />
            {p.replace(/_/g, ' ')}
          </label>
        ))}
      </fieldset>
      <fieldset>
        <legend>{m.eligibility}</legend>
        {(['ELIGIBLE', 'NOT_ELIGIBLE', 'UNDECIDED'] as Eligibility[]).map((v) => (
          <label key={v} class="check">
            <input type="radio" name="eligibility" value={v} checked={eligibility === v} onChange={() => setEligibility(v)} />
            {m.eligibilities[v]}
          </label>
        ))}
      </fieldset>
      <label>{m.reason}<textarea name="reason" rows={2} value={reason} onInput={(e) => setReason(e.currentTarget.value)} /></label>
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit">{t.value.clients.save}</button>
    </form>
  );
}
