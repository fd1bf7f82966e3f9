import { t } from '../i18n';
import type { SyncState } from '../store/db';

const CLASS: Record<SyncState, string> = {
  pending: 'chip warn',
  sending: 'chip',
  sent: 'chip ok',
  refused: 'chip danger',
  conflict: 'chip danger',
};

/** Where a record stands: saved on this phone, sending, sent, refused, needs a decision. */
export function SyncChip({ state }: { state: SyncState }) {
  return <span class={CLASS[state]} data-state={state}>{t.value.sync[state]}</span>;
}
