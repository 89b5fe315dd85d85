// $filter as custom Gateway services typically support it: "Prop eq 'value'" joined with "and".
export class FilterNotSupported extends Error {}

export function parseFilter(filter: string | null): Record<string, string> {
  const out: Record<string, string> = {};
  if (!filter) return out;
  for (const part of filter.split(/\s+and\s+/i)) {
    const m = /^\s*(\w+)\s+eq\s+'((?:[^']|'')*)'\s*$/i.exec(part);
    if (!m)
      throw new FilterNotSupported(`Filter "${part.trim()}" is not supported; use Property eq 'value' joined with and`);
    out[m[1]!] = m[2]!.replace(/''/g, "'");
  }
  return out;
}
