// Numbering the signed letter (the number comes from the server's series, so online only)
// and opening its PDF.
import { useEffect, useState } from 'preact/hooks';

import { newId } from '../../../domain/ids';
import { graphql } from '../../../graphql';
import { t } from '../../../i18n';
import { authed, authedFetch } from '../../../net/session';
import { pull } from '../../../sync/workingSet';
import { ServerButton } from '../../../ui/ServerButton';
import { useServerCall } from '../../../ui/serverCall';
import type { FormProps } from './common';

const IssueLetterDoc = graphql(`
  mutation IssueLetter($input: IssueLetterInput!) {
    issueLetter(input: $input) { id number pdf { id contentUrl } }
  }
`);

/** A link that opens a stored PDF: fetched with the session's token, shown from memory. */
export function PdfLink({ url, label }: { url: string; label: string }) {
  const [href, setHref] = useState<string | null>(null);
  useEffect(() => {
    let made: string | null = null;
    void authedFetch(url).then(async (r) => {
      if (!r.ok) return;
      made = URL.createObjectURL(new Blob([await r.arrayBuffer()], { type: 'application/pdf' }));
      setHref(made);
    }).catch(() => undefined);
    return () => { if (made) URL.revokeObjectURL(made); };
  }, [url]);
  if (!href) return null;
  return <a class="button" href={href} target="_blank" rel="noopener" data-testid="letter-pdf">{label}</a>;
}

export function IssueLetterForm({ c, done }: FormProps) {
  const letter = c.letters.find((l) => l.signedAt && !l.number);
  const [recipient, setRecipient] = useState(c.client?.displayName ?? '');
  const [manual, setManual] = useState('');
  const { busy, error, run } = useServerCall();
  const m = t.value.work;

  async function save(e: Event) {
    e.preventDefault();
    if (!letter || !recipient.trim()) return;
    await run(async () => {
      const r = await authed(IssueLetterDoc, { input: { id: newId(), letterId: letter.id, recipient: recipient.trim(), manualNumber: manual.trim() || null } });
      await pull();
      done(`${m.issued}: ${r.issueLetter.number}`);
    });
  }

  if (!letter) return <p class="muted">{m.noDraft}</p>;
  return (
    <form class="form" onSubmit={save} data-form="issue-letter">
      <p><strong>{letter.subject}</strong> · {letter.addressee}</p>
      <label>{m.recipient}<input name="recipient" value={recipient} onInput={(e) => setRecipient(e.currentTarget.value)} /></label>
      <label>{m.manualNumber}<input name="manualNumber" value={manual} onInput={(e) => setManual(e.currentTarget.value)} /></label>
      {error && <p class="error" role="alert">{error}</p>}
      <ServerButton disabled={busy || !recipient.trim()}>{m.kinds.ISSUE_LETTER}</ServerButton>
    </form>
  );
}
