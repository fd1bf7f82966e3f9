// What the step forms share: the case and step they act on, and the papers they attach.
import { graphql } from '../../../graphql';
import type { DocumentKind } from '../../../graphql/graphql';
import { enqueueUpload } from '../../../sync/outbox';
import type { KeptCase } from '../../../sync/workingSet';

export type Step = KeptCase['steps'][number];

/** The office's active colleagues (dispositions, escorts), kept for offline use. */
export const ColleaguesDoc = graphql(`
  query Colleagues {
    users(first: 100, active: true) { edges { node { id fullName roles } } }
  }
`);


export interface FormProps {
  c: KeptCase;
  step: Step;
  /** The form is done: `message` says what happened (saved on the phone, or done). */
  done: (message: string) => void;
}

/** Queues the papers for upload under the case (they go before the action that names
 * them) and returns their ids. */
export async function attach(c: KeptCase, papers: { kind: DocumentKind; blob: Blob }[]): Promise<string[]> {
  const ids: string[] = [];
  for (const p of papers) {
    const params: Record<string, string> = { kind: p.kind };
    if (c.client?.id) params.clientId = c.client.id;
    ids.push(await enqueueUpload(c.id, p.blob, params));
  }
  return ids;
}

/** `{name}` in a message, filled in. */
export function fill(text: string, values: Record<string, string>): string {
  return text.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? '');
}
