// The working set: the office's cases kept on the phone, brought up to date with
// `changes(since:)` so a refresh receives only what changed since the last one.
import { signal } from '@preact/signals';

import { graphql } from '../graphql';
import type { KeptCaseFragment } from '../graphql/graphql';
import { authed, session } from '../net/session';
import { db, getMeta, setMeta } from '../store/db';

// What the phone keeps of a case, for the pull and for reading one case again.
graphql(`
  fragment KeptCase on Case {
    id
    version
    status
    outcome
    readOnly
    openedAt
    closedAt
    dueAt
    standardTime
    currentStepKey
    sop { code name nameEn }
    client { id displayName nikMasked sex birthDate estimatedAge }
    steps {
      id key number text textEn status startedAt dueAt paused completedAt completedRole
      completedBy { fullName }
      standardTime standardMinutes takenMinutes branch note
      waitingFor
      assignee { fullName }
      proposedBy { fullName }
      actions { kind allowed refusedBecause }
      requirements {
        ready
        asksReason
        documents { kind held }
        checks { check met message alternatives }
        branches {
          name label approvedBy asksReviewDate ready
          documents { kind held }
          checks { check met message }
        }
      }
    }
    approvals { id kind actorRole actor { fullName } toUser { fullName } at note holds }
    referrals { id status institution { id name } declineReason sentAt answeredAt admittedAt }
    letters { id number subject addressee body signedAt numberedAt signedBy { fullName } pdf { id contentUrl } recipient receiverParty receivedByName handedOverAt version signedVersion versions { version note madeAt madeRole madeBy { fullName } changes { kind text } } }
    escortedReturn {
      id
      status
      byRelay
      position { state office { name } }
      legs { id seq from { name } to { name } mode status distanceKm departedAt handedOverAt }
    }
  }
`);

const CaseChangesDoc = graphql(`
  query CaseChanges($since: String) {
    changes(since: $since, first: 50) {
      cursor
      hasMore
      cases { ...KeptCase }
    }
  }
`);

const OneCaseDoc = graphql(`
  query KeptCaseNow($id: ID!) {
    case(id: $id) { ...KeptCase }
  }
`);

export type KeptCase = KeptCaseFragment;

/** Bumped when cases arrive, so open screens read them again. */
export const casesChanged = signal(0);

/** Pulls every change since the last pull (office staff only). */
export async function pull(): Promise<void> {
  const me = session.value;
  if (me?.works !== 'OFFICE') return;
  const cursorKey = `casesCursor:${me.userId}`;
  let since = (await getMeta<string>(cursorKey)) ?? null;
  for (let page = 0; page < 100; page++) {
    const r = (await authed(CaseChangesDoc, { since })).changes;
    // Logged out (or another worker logged in) meanwhile: keep nothing of this answer.
    if (session.value?.userId !== me.userId) return;
    if (r.cases.length > 0) {
      const tx = (await db()).transaction('cases', 'readwrite');
      await Promise.all(r.cases.map((c) => tx.store.put({ id: c.id, data: c })));
      await tx.done;
      casesChanged.value++;
    }
    since = r.cursor;
    await setMeta(cursorKey, since);
    if (!r.hasMore) break;
  }
}

/** The office's open cases kept on the phone (their clients are the offline look-up). */
export async function keptCases(): Promise<KeptCase[]> {
  return ((await (await db()).getAll('cases')).map((c) => c.data) as KeptCase[]);
}

export async function keptCase(id: string): Promise<KeptCase | undefined> {
  return (await (await db()).get('cases', id))?.data as KeptCase | undefined;
}

/** Reads one case again as the server has it now, for what changes a case's needs without
 * changing the case itself (a paper uploaded for its client, an assessment): a step screen
 * opened online shows what is held, not what was held at the last change. */
export async function refreshCase(id: string): Promise<void> {
  const me = session.value;
  if (me?.works !== 'OFFICE') return;
  const c = (await authed(OneCaseDoc, { id })).case;
  if (session.value?.userId !== me.userId || !c) return;
  await (await db()).put('cases', { id: c.id, data: c });
  casesChanged.value++;
}
