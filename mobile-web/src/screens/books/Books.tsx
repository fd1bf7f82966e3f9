// The office's books as the desk keeps them: the incoming agenda book, and the outgoing
// agenda book with the expedition book (who carried each letter, who signed for it).
// Read from the server, a page at a time; printed as the server's PDF for the same range.
import { useEffect, useState } from 'preact/hooks';

import { localToday } from '../../domain/dates';
import { graphql } from '../../graphql';
import type { IncomingBookQuery, OutgoingBookQuery } from '../../graphql/graphql';
import { formatTime, t } from '../../i18n';
import { authed, online } from '../../net/session';
import { DateInput } from '../../ui/DateInput';
import { PaperLink } from '../../ui/PaperLink';

const IncomingBookDoc = graphql(`
  query IncomingBook($filter: BookFilterInput, $after: String) {
    incomingBook(filter: $filter, first: 30, after: $after) {
      edges { cursor node { id agendaEntry source receivedAt sender senderNumber subject caseId } }
      pageInfo { hasNextPage }
    }
  }
`);

const OutgoingBookDoc = graphql(`
  query OutgoingBook($filter: BookFilterInput, $after: String) {
    outgoingBook(filter: $filter, first: 30, after: $after) {
      edges { cursor node { id number agendaNumber expeditionNumber year numberedAt addressee subject caseId carriedBy receivedByName handedOverAt } }
      pageInfo { hasNextPage }
    }
  }
`);

type Book = 'incoming' | 'outgoing' | 'expedition';
type InEntry = IncomingBookQuery['incomingBook']['edges'][number]['node'];
type OutEntry = OutgoingBookQuery['outgoingBook']['edges'][number]['node'];

/** This year so far, in the phone's (the office's) days. */
function thisYear(): { from: string; to: string } {
  const today = localToday();
  return { from: `${today.slice(0, 4)}-01-01`, to: today };
}

export function Books() {
  const [book, setBook] = useState<Book>('incoming');
  const [range, setRange] = useState(thisYear);
  const [search, setSearch] = useState('');
  const [rows, setRows] = useState<(InEntry | OutEntry)[]>([]);
  const [after, setAfter] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  const m = t.value.books;
  const filter = { from: range.from || null, to: range.to || null, search: search.trim() || null };

  async function load(more: boolean) {
    setError(null);
    try {
      const vars = { filter, after: more ? after : null };
      const page = book === 'incoming'
        ? (await authed(IncomingBookDoc, vars)).incomingBook
        : (await authed(OutgoingBookDoc, vars)).outgoingBook;
      const nodes = page.edges.map((e) => e.node);
      setRows(more ? [...rows, ...nodes] : nodes);
      const last = page.edges[page.edges.length - 1];
      setAfter(page.pageInfo.hasNextPage && last ? last.cursor : null);
    } catch (e) {
      setError(e instanceof Error ? e.message : t.value.errors.generic);
    }
  }

  useEffect(() => { if (online.value) void load(false); }, [book, online.value]);

  const query = new URLSearchParams(Object.entries(filter).filter(([, v]) => v) as [string, string][]);
  return (
    <section data-testid="books">
      <h1>{m.title}</h1>
      <div class="segmented" role="tablist">
        {(['incoming', 'outgoing', 'expedition'] as const).map((b) => (
          <button key={b} type="button" role="tab" aria-selected={book === b} class={book === b ? '' : 'secondary'}
            data-book={b} onClick={() => { setRows([]); setBook(b); }}>{m[b]}</button>
        ))}
      </div>
      {!online.value ? <p class="muted">{m.needsServer}</p> : (
        <>
          <form class="form" onSubmit={(e) => { e.preventDefault(); void load(false); }}>
            <label>{m.from}<DateInput name="from" value={range.from} onChange={(from) => setRange({ ...range, from })} /></label>
            <label>{m.to}<DateInput name="to" value={range.to} onChange={(to) => setRange({ ...range, to })} /></label>
            <label>{m.search}<input name="search" type="search" value={search} onInput={(e) => setSearch(e.currentTarget.value)} /></label>
            <div class="actions">
              <button type="submit">{m.find}</button>
              <PaperLink url={`/books/${book}.pdf?${query.toString()}`} label={m.print} />
            </div>
          </form>
          {error && <p class="error" role="alert">{error}</p>}
          {rows.length === 0 && !error && <p class="muted">{m.empty}</p>}
          <ul class="list" data-testid="book-rows">
            {rows.map((r) => ('source' in r ? <IncomingRow key={r.id} e={r} /> : <OutgoingRow key={r.id} l={r} expedition={book === 'expedition'} />))}
          </ul>
          {after && <button type="button" class="secondary" onClick={() => void load(true)}>{m.more}</button>}
        </>
      )}
    </section>
  );
}

function IncomingRow({ e }: { e: InEntry }) {
  const m = t.value.books;
  return (
    <li class="task" data-entry={e.agendaEntry}>
      <div class="task-head">
        <strong>{e.agendaEntry}</strong>
        <span class="chip">{m.sources[e.source]}</span>
      </div>
      <div>{e.subject}</div>
      <div class="muted">
        {m.sender} {e.sender}{e.senderNumber ? ` · ${m.ref} ${e.senderNumber}` : ''} · {formatTime(e.receivedAt)}
        {e.caseId && <> · <a href={`/kasus/${e.caseId}`}>{m.openCase}</a></>}
      </div>
    </li>
  );
}

function OutgoingRow({ l, expedition }: { l: OutEntry; expedition: boolean }) {
  const m = t.value.books;
  const entry = expedition ? l.expeditionNumber : l.agendaNumber;
  return (
    <li class="task" data-entry={`${String(entry ?? 0).padStart(3, '0')}/${l.year ?? ''}`}>
      <div class="task-head">
        <strong>{String(entry ?? 0).padStart(3, '0')}/{l.year}</strong>
        <span class="chip">{l.number}</span>
      </div>
      <div>{l.subject}</div>
      <div class="muted">
        {m.to_} {l.addressee}{l.numberedAt ? ` · ${formatTime(l.numberedAt)}` : ''}
        {l.caseId && <> · <a href={`/kasus/${l.caseId}`}>{m.openCase}</a></>}
      </div>
      {expedition && (
        <div class={l.receivedByName ? '' : 'muted'} data-received={l.receivedByName ?? ''}>
          {l.receivedByName && l.handedOverAt
            ? m.receivedBy.replace('{name}', l.receivedByName).replace('{at}', formatTime(l.handedOverAt))
            : m.notHandedOver}
          {l.carriedBy ? ` · ${l.carriedBy}` : ''}
        </div>
      )}
    </li>
  );
}
