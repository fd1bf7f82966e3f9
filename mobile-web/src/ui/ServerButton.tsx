import type { ComponentChildren } from 'preact';

import { t } from '../i18n';
import { online } from '../net/session';

/** A button for what only the server can do (a letter number, a signature): disabled, and
 * saying so, while the phone has no connection. */
export function ServerButton({ disabled, children }: { disabled?: boolean; children: ComponentChildren }) {
  const off = !online.value;
  return (
    <button type="submit" disabled={disabled || off} data-needs-server="true">
      {off ? t.value.work.needsServer : children}
    </button>
  );
}
