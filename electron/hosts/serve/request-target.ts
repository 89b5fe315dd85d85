// The request target as the host routes it. Nothing is ever percent-decoded: routes and UI files are
// matched on the raw path, so a malformed escape (`/%E0%A4%A`) or an encoded `..` cannot throw or
// climb out of the UI folder; it is simply a path nothing answers to.

/** Longer targets are refused (414) before anything looks at them; the UI's own paths are short. */
export const MAX_TARGET_LENGTH = 4096;

export interface RequestTarget {
  readonly path: string;
  readonly query: URLSearchParams;
}

export type TargetResult = { ok: true; target: RequestTarget } | { ok: false; status: 400 | 414 };

/** Only the origin form (`/path?query`); the absolute and authority forms are for proxies. */
export function parseTarget(raw: string | undefined): TargetResult {
  if (raw === undefined || raw === '' || raw[0] !== '/') return { ok: false, status: 400 };
  if (raw.length > MAX_TARGET_LENGTH) return { ok: false, status: 414 };
  const q = raw.indexOf('?');
  // URLSearchParams decodes leniently (a broken escape stays as it is) and never throws.
  return {
    ok: true,
    target: {
      path: q === -1 ? raw : raw.slice(0, q),
      query: new URLSearchParams(q === -1 ? '' : raw.slice(q + 1)),
    },
  };
}
