// Messages compared across runs that name their records differently (a followed file by device and
// inode, a one-shot convert by path): every ID left out, keys sorted.
export function withoutIds(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutIds);
  if (value === null || typeof value !== "object") return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) if (key !== "ID") out[key] = withoutIds((value as Record<string, unknown>)[key]);
  return out;
}
