// Correcting the draft (dikoreksi) at the step that drafts or initials it: a new version,
// with why. Online only: the server keeps the versions in order and says whose initials
// fall because of the change.
import { useState } from 'preact/hooks';

import { newId } from '../../../domain/ids';
import { graphql } from '../../../graphql';
import { roleLabels, t } from '../../../i18n';
import { authed } from '../../../net/session';
import { refreshCase } from '../../../sync/workingSet';
import { ServerButton } from '../../../ui/ServerButton';
import { useServerCall } from '../../../ui/serverCall';
import { type FormProps, fill } from './common';

const ReviseLetterDoc = graphql(`
  mutation ReviseLetter($input: ReviseLetterInput!) {
    reviseLetter(input: $input) { letter { id version } voidedInitials { actorRole } }
  }
`);

export function ReviseLetterForm({ c, done }: FormProps) {
  const drafts = c.letters.filter((l) => !l.signedVersion);
  const [id, setId] = useState(drafts[0]?.id ?? '');
  const letter = drafts.find((l) => l.id === id);
  const [subject, setSubject] = useState(letter?.subject ?? '');
  const [text, setText] = useState(letter?.body.join('\n\n') ?? '');
  const [note, setNote] = useState('');
  const { busy, error, run } = useServerCall();
  const m = t.value.work;
  if (!letter) return <p class="muted">{m.noDraft}</p>;

  function pickLetter(next: string) {
    const l = drafts.find((d) => d.id === next);
    setId(next);
    setSubject(l?.subject ?? '');
    setText(l?.body.join('\n\n') ?? '');
  }

  async function save(e: Event) {
    e.preventDefault();
    if (!letter || !note.trim()) return;
    await run(async () => {
      const body = text.split(/\n\s*\n/).map((p) => p.trim()).filter(Boolean);
      const r = await authed(ReviseLetterDoc, { input: { id: newId(), letterId: letter.id, expectedVersion: letter.version, subject: subject.trim() || null, body, note: note.trim() } });
      await refreshCase(c.id);
      const fallen = r.reviseLetter.voidedInitials.map((a) => a.actorRole);
      done(fill(fallen.length ? m.revisedAgain : m.revised, { n: String(r.reviseLetter.letter.version), roles: roleLabels(fallen) }));
    });
  }

  return (
    <form class="form" onSubmit={save} data-form="revise-letter">
      {drafts.length > 1 && (
        <label>{m.whichLetter}
          <select name="letter" value={id} onChange={(e) => pickLetter(e.currentTarget.value)}>
            {drafts.map((d) => <option key={d.id} value={d.id}>{d.subject}</option>)}
          </select>
        </label>
      )}
      <p class="muted">{fill(m.versionOf, { n: String(letter.version) })}</p>
      <label>{m.subject}<input name="subject" value={subject} onInput={(e) => setSubject(e.currentTarget.value)} /></label>
      <label>{m.letterText}<textarea name="body" rows={12} value={text} onInput={(e) => setText(e.currentTarget.value)} /></label>
      <label>{m.correctionNote}<textarea name="correctionNote" rows={2} value={note} onInput={(e) => setNote(e.currentTarget.value)} /></label>
      {error && <p class="error" role="alert">{error}</p>}
      <ServerButton disabled={busy || !note.trim() || !text.trim()}>{m.kinds.REVISE_LETTER}</ServerButton>
    </form>
  );
}
