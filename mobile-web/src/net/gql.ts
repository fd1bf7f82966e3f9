// A small fetch wrapper for the typed operations codegen makes: no GraphQL runtime in the
// bundle. Failures come back as one of two kinds the callers act on.
import type { TypedDocumentString } from '../graphql/graphql';

/** The server answered with a GraphQL error: `code` is its `extensions.code`. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string,
    readonly extensions: Record<string, unknown>,
  ) {
    super(message);
  }
}

/** The server could not be reached (no network, timeout, or it is down): try again later. */
export class NetworkError extends Error {}

export async function gql<R, V>(
  doc: TypedDocumentString<R, V>,
  variables: V,
  opts: { token?: string | null; timeoutMs?: number } = {},
): Promise<R> {
  const headers: Record<string, string> = {
    'content-type': 'application/json',
    'accept-language': document.documentElement.lang || 'id',
  };
  if (opts.token) headers.authorization = `Bearer ${opts.token}`;
  let resp: Response;
  try {
    resp = await fetch('/graphql', {
      method: 'POST',
      headers,
      body: JSON.stringify({ query: doc.toString(), variables }),
      signal: AbortSignal.timeout(opts.timeoutMs ?? 20_000),
    });
  } catch (e) {
    throw new NetworkError(String(e));
  }
  if (resp.status >= 500) throw new NetworkError(`HTTP ${resp.status}`);
  let body: { data?: R; errors?: { message: string; extensions?: Record<string, unknown> }[] };
  try {
    body = await resp.json();
  } catch (e) {
    throw new NetworkError(String(e));
  }
  const err = body.errors?.[0];
  if (err) {
    const ext = err.extensions ?? {};
    throw new ApiError(err.message, String(ext.code ?? 'INTERNAL'), ext);
  }
  return body.data as R;
}

/** Asks the server whether it is there (not the browser's online flag, which lies). */
export async function reachable(): Promise<boolean> {
  try {
    const r = await fetch('/healthz', { cache: 'no-store', signal: AbortSignal.timeout(5_000) });
    return r.ok;
  } catch {
    return false;
  }
}
