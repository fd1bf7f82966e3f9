import { useState } from 'preact/hooks';

import { shrink } from '../photos/shrink';

/** A paper taken with the camera (opened at once on a phone) or picked from the files; a
 * photo is shrunk before it is kept. */
export function FilePick({ name, label, pdf = true, onPick }: { name: string; label: string; pdf?: boolean; onPick: (b: Blob | null) => void }) {
  const [picked, setPicked] = useState<string | null>(null);
  async function pick(e: Event) {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file) return onPick(null);
    const blob = file.type.startsWith('image/') ? (await shrink(file)).blob : file;
    setPicked(file.name);
    onPick(blob);
  }
  return (
    <label class="upload">
      {label}
      <input type="file" name={name} accept={pdf ? 'image/*,application/pdf' : 'image/*'} capture="environment" onChange={(e) => void pick(e)} />
      {picked && <span class="muted"> ✓ {picked}</span>}
    </label>
  );
}
