import { useLocation } from 'preact-iso';
import { useEffect, useState } from 'preact/hooks';

import { session } from '../../net/session';
import { COMMON, LOCATIONS, OTHERS, categoryLabel } from '../../domain/categories';
import { newId } from '../../domain/ids';
import { parseNik, phoneRegions, today } from '../../domain/nik';
import type { ClientLocation, PpksCategory, Sex } from '../../graphql/graphql';
import { t } from '../../i18n';
import { shrink } from '../../photos/shrink';
import { saveRegistration } from '../../sync/outbox';
import { DateInput } from '../../ui/DateInput';

/** Registering a client, online or not: saved on the phone first, sent when possible. */
export function Register() {
  const { route } = useLocation();
  const [name, setName] = useState('');
  const [unknown, setUnknown] = useState(false);
  const [sex, setSex] = useState<Sex | ''>('');
  const [nik, setNik] = useState('');
  const [birthDate, setBirthDate] = useState('');
  const [age, setAge] = useState('');
  const [location, setLocation] = useState<ClientLocation>('STREET');
  const [locationDetail, setLocationDetail] = useState('');
  const [categories, setCategories] = useState<PpksCategory[]>([]);
  const [notes, setNotes] = useState('');
  const [photo, setPhoto] = useState<{ blob: Blob; url: string; width: number; height: number } | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const m = t.value.clients;

  useEffect(() => () => photo && URL.revokeObjectURL(photo.url), [photo]);

  const nikCheck = nik.trim() ? parseNik(nik, phoneRegions, today(), sex || null, birthDate || null) : null;

  async function takePhoto(e: Event) {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return;
    setBusy(true);
    try {
      const small = await shrink(file);
      setPhoto({ ...small, url: URL.createObjectURL(small.blob) });
    } catch (err) {
      setError(String(err));
    } finally {
      setBusy(false);
    }
  }

  function toggle(c: PpksCategory) {
    setCategories((cur) => (cur.includes(c) ? cur.filter((x) => x !== c) : [...cur, c]));
  }

  async function save(e: Event) {
    e.preventDefault();
    if (!unknown && !name.trim()) return setError(m.needName);
    if (nikCheck && !nikCheck.ok) return setError(m.nikErrors[nikCheck.error]);
    if (categories.length === 0) return setError(m.needCategory);
    const estimatedAge = age.trim() ? Number(age) : null;
    if (estimatedAge !== null && !(Number.isInteger(estimatedAge) && estimatedAge >= 0 && estimatedAge <= 130)) {
      return setError(m.badAge);
    }
    setBusy(true);
    const id = newId();
    const input: Record<string, unknown> = {
      id,
      name: unknown ? null : name.trim(),
      sex: sex || null,
      nik: nik.trim() || null,
      birthDate: birthDate || null,
      estimatedAge,
      location,
      locationDetail: locationDetail.trim() || null,
      categories,
      notes: notes.trim() || null,
    };
    await saveRegistration(
      {
        id,
        userId: session.value?.userId ?? '',
        displayName: unknown ? 'Mr X' : name.trim(),
        input,
        photoId: photo ? newId() : undefined,
        savedAt: new Date().toISOString(),
      },
      photo?.blob,
    );
    route('/klien');
  }

  const category = (c: PpksCategory) => (
    <label key={c} class="check">
      <input type="checkbox" name="category" value={c} checked={categories.includes(c)} onChange={() => toggle(c)} />
      {categoryLabel(c)}
    </label>
  );

  return (
    <form class="card form" onSubmit={save}>
      <h1>{m.register}</h1>
      <label>
        {m.name}
        <input name="name" value={name} disabled={unknown} onInput={(e) => setName(e.currentTarget.value)} />
      </label>
      <label class="check">
        <input type="checkbox" name="unknown" checked={unknown} onChange={(e) => setUnknown(e.currentTarget.checked)} />
        {m.unknownName}
      </label>
      <fieldset>
        <legend>{m.sex}</legend>
        <label class="check"><input type="radio" name="sex" checked={sex === 'MALE'} onChange={() => setSex('MALE')} />{m.male}</label>
        <label class="check"><input type="radio" name="sex" checked={sex === 'FEMALE'} onChange={() => setSex('FEMALE')} />{m.female}</label>
      </fieldset>
      <label>
        {m.nik}
        <input name="nik" inputMode="numeric" autocomplete="off" value={nik} onInput={(e) => setNik(e.currentTarget.value)} />
      </label>
      {nikCheck && (
        <p class={nikCheck.ok ? 'muted' : 'error'} data-testid="nik-check" role="status">
          {nikCheck.ok
            ? [m.nikOk, ...nikCheck.warnings.map((w) => m.nikWarnings[w])].join(' · ')
            : m.nikErrors[nikCheck.error]}
        </p>
      )}
      <label>
        {m.birthDate}
        <DateInput name="birthDate" value={birthDate} onChange={setBirthDate} />
      </label>
      <label>
        {m.estimatedAge}
        <input name="estimatedAge" inputMode="numeric" value={age} onInput={(e) => setAge(e.currentTarget.value)} />
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
      <fieldset>
        <legend>{m.categories}</legend>
        {COMMON.map(category)}
        <details>
          <summary>{m.moreCategories}</summary>
          {OTHERS.map(category)}
        </details>
      </fieldset>
      <label>
        {m.notes}
        <textarea name="notes" rows={3} value={notes} onInput={(e) => setNotes(e.currentTarget.value)} />
      </label>
      <label>
        {m.photo}
        <input name="photo" type="file" accept="image/*" capture="environment" onChange={takePhoto} />
      </label>
      {photo && (
        <figure class="photo">
          <img src={photo.url} alt={m.photo} width={160} />
          <figcaption data-testid="photo-info">
            {photo.width}×{photo.height} px, {Math.round(photo.blob.size / 1024)} KB ({m.photoShrunk})
          </figcaption>
        </figure>
      )}
      {error && <p class="error" role="alert">{error}</p>}
      <button type="submit" disabled={busy}>{m.save}</button>
    </form>
  );
}
