import { useLocation, useRoute } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';

import { newId } from '../../domain/ids';
import { graphql } from '../../graphql';
import type { ReportChannel, ReporterType } from '../../graphql/graphql';
import { locale, t } from '../../i18n';
import { enqueue, enqueueUpload } from '../../sync/outbox';
import { FilePick } from '../../ui/FilePick';
import { useKept } from '../../ui/kept';

const ClientCasesDoc = graphql(`
  query ClientCases($id: ID!) {
    client(id: $id) { id displayName nikMasked sex birthDate estimatedAge location }
    cases(clientId: $id) { id status currentStep { number text textEn } sop { code name nameEn } }
    sops { id code name nameEn }
  }
`);

const REPORTERS: ReporterType[] = ['CLIENT', 'POLICE', 'SATPOL_PP', 'KELURAHAN', 'PUBLIC', 'TKSK', 'OTHER_DINSOS'];
const CHANNELS: ReportChannel[] = ['WRITTEN', 'ORAL', 'PHONE'];

/** A client of the office: who, their cases, and opening a new one from a report. */
export function ClientView() {
  const { params } = useRoute();
  const [kept, refresh] = useKept(`client:${params.id}`, ClientCasesDoc, { id: params.id }, (r) => r);
  const m = t.value.find;
  const en = locale.value === 'en';
  useEffect(() => void refresh(), [params.id]);
  const d = kept?.data;
  if (!d) return <p class="muted">{t.value.case.notKept}</p>;
  return (
    <section data-testid="client">
      <h1>{d.client?.displayName ?? '—'}</h1>
      {d.client?.nikMasked && <p class="muted">NIK {d.client.nikMasked}</p>}
      <p class="row">
        <a href={`/klien/${params.id}/asesmen`}>{t.value.clients.assess}</a>
      </p>
      <h2>{m.cases}</h2>
      {d.cases.length === 0 && <p class="muted">{m.noCases}</p>}
      <ul class="list">
        {d.cases.map((c) => (
          <li key={c.id} class="task">
            <a href={`/kasus/${c.id}`}><strong>{en ? c.sop.nameEn : c.sop.name}</strong></a>
            {c.currentStep && <div class="muted">{c.currentStep.number} {en ? c.currentStep.textEn : c.currentStep.text}</div>}
          </li>
        ))}
      </ul>
      <h2>{m.openCase}</h2>
      <OpenCaseForm clientId={params.id} sops={d.sops} />
    </section>
  );
}

/** The report (who reported, how, the reference letter and its photo) and the SOP the
 * office adopted for it; both wait in the outbox offline, the case after its report. */
function OpenCaseForm({ clientId, sops }: { clientId: string; sops: { code: string; name: string; nameEn: string }[] }) {
  const { route } = useLocation();
  const [sop, setSop] = useState(sops[0]?.code ?? '');
  const [reporter, setReporter] = useState<ReporterType>('POLICE');
  const [channel, setChannel] = useState<ReportChannel>('WRITTEN');
  const [name, setName] = useState('');
  const [letter, setLetter] = useState('');
  const [summary, setSummary] = useState('');
  const [photo, setPhoto] = useState<Blob | null>(null);
  const m = t.value.find;
  const en = locale.value === 'en';

  async function save(e: Event) {
    e.preventDefault();
    if (!sop || !summary.trim()) return;
    const reportId = newId();
    await enqueue('recordReport', clientId, {
      id: reportId, clientId, reporterType: reporter, reporterName: name.trim() || null, channel,
      referenceLetterNumber: letter.trim() || null, summary: summary.trim(),
    });
    if (photo) await enqueueUpload(clientId, photo, { kind: 'SURAT_PERMOHONAN', clientId, reportId });
    const caseId = newId();
    await enqueue('openCase', clientId, { id: caseId, sopCode: sop, clientId, reportId });
    route('/');
  }

  return (
    <form class="form" onSubmit={save} data-form="open-case">
      <label>{m.sop}
        <select name="sop" value={sop} onChange={(e) => setSop(e.currentTarget.value)}>
          {sops.map((s) => <option key={s.code} value={s.code}>{en ? s.nameEn : s.name}</option>)}
        </select>
      </label>
      <label>{m.reporter}
        <select name="reporterType" value={reporter} onChange={(e) => setReporter(e.currentTarget.value as ReporterType)}>
          {REPORTERS.map((r) => <option key={r} value={r}>{m.reporters[r]}</option>)}
        </select>
      </label>
      <label>{m.reporterName}<input name="reporterName" value={name} onInput={(e) => setName(e.currentTarget.value)} /></label>
      <label>{m.channel}
        <select name="channel" value={channel} onChange={(e) => setChannel(e.currentTarget.value as ReportChannel)}>
          {CHANNELS.map((c) => <option key={c} value={c}>{m.channels[c]}</option>)}
        </select>
      </label>
      <label>{m.letterNumber}<input name="referenceLetterNumber" value={letter} onInput={(e) => setLetter(e.currentTarget.value)} /></label>
      <FilePick name="letterPhoto" label={m.letterPhoto} onPick={setPhoto} />
      <label>{m.summary}<textarea name="summary" rows={3} value={summary} onInput={(e) => setSummary(e.currentTarget.value)} /></label>
      <button type="submit" disabled={!sop || !summary.trim()}>{m.openCase}</button>
    </form>
  );
}
