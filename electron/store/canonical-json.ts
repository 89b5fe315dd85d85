// Canonical JSON: the same value always gives the same text (object keys sorted at every level),
// so a hash over it can be recomputed by anyone, years later, from the stored fields.
// Values JSON cannot carry faithfully (NaN, Infinity, bigint) are refused rather than altered.

export function canonicalJson(value: unknown): string {
  const text = write(value, '$');
  if (text === undefined) throw new TypeError('canonicalJson: the top-level value cannot be represented in JSON');
  return text;
}

function write(value: unknown, path: string): string | undefined {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value))
        throw new TypeError(`canonicalJson: ${path} is ${value}, which JSON cannot represent`);
      return JSON.stringify(value);
    case 'bigint':
      throw new TypeError(`canonicalJson: ${path} is a bigint; convert it to a string or a safe integer first`);
    case 'undefined':
    case 'function':
    case 'symbol':
      return undefined; // omitted in objects, null in arrays: JSON.stringify's rules
  }
  const withToJson = value as { toJSON?: () => unknown };
  if (typeof withToJson.toJSON === 'function') return write(withToJson.toJSON(), path);
  if (Array.isArray(value)) {
    return `[${value.map((item, i) => write(item, `${path}[${i}]`) ?? 'null').join(',')}]`;
  }
  const record = value as Record<string, unknown>;
  const parts: string[] = [];
  for (const key of Object.keys(record).sort()) {
    const text = write(record[key], `${path}.${key}`);
    if (text !== undefined) parts.push(`${JSON.stringify(key)}:${text}`);
  }
  return `{${parts.join(',')}}`;
}
