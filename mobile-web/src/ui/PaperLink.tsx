import { useState } from 'preact/hooks';

import { t } from '../i18n';
import { authedFetch, online } from '../net/session';

/** Opens a stored paper (a scan, a photo) in a new tab. Papers download only when asked:
 * a verification sheet lists a dozen, and a cheap phone on a slow link should not fetch
 * them all to show the list. The tab opens at the tap (a tab opened after the download
 * would be blocked as a pop-up) and gets the paper when it has arrived. */
export function PaperLink({ url, label }: { url: string; label: string }) {
  const [failed, setFailed] = useState(false);
  const off = !online.value;
  async function open() {
    setFailed(false);
    const tab = window.open('', '_blank');
    try {
      const r = await authedFetch(url);
      if (!r.ok) throw new Error(String(r.status));
      const blob = new Blob([await r.arrayBuffer()], { type: r.headers.get('content-type') ?? 'application/octet-stream' });
      const href = URL.createObjectURL(blob);
      if (tab) tab.location.href = href;
      else window.location.href = href;
      // The tab holds its own copy once loaded.
      setTimeout(() => URL.revokeObjectURL(href), 60_000);
    } catch {
      tab?.close();
      setFailed(true);
    }
  }
  return (
    <>
      <button type="button" class="link" data-paper={url} disabled={off} onClick={() => void open()}>
        {off ? `${label} (${t.value.work.needsServer})` : label}
      </button>
      {failed && <span class="error"> {t.value.errors.generic}</span>}
    </>
  );
}
