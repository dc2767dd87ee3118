type Change = { before: unknown; after: unknown };

const show = (value: unknown) =>
  value === null || value === undefined || value === '' ? (
    <span className="text-slate-600 italic">empty</span>
  ) : typeof value === 'string' ? (
    value
  ) : (
    <code className="font-mono text-xs">{JSON.stringify(value)}</code>
  );

/** metadata.changes ({ field: { before, after } }) if it has that shape, else null. */
export function changesOf(metadata: unknown): [string, Change][] | null {
  if (!metadata || typeof metadata !== 'object') return null;
  const changes = (metadata as { changes?: unknown }).changes;
  if (!changes || typeof changes !== 'object' || Array.isArray(changes)) return null;
  const rows = Object.entries(changes as Record<string, unknown>).filter(
    (entry): entry is [string, Change] => Boolean(entry[1]) && typeof entry[1] === 'object' && 'before' in (entry[1] as object) && 'after' in (entry[1] as object),
  );
  return rows.length > 0 ? rows : null;
}

export function ChangesTable({ changes, caption }: { changes: [string, Change][]; caption: string }) {
  return (
    <table className="w-full text-left text-sm">
      <caption className="mb-1 text-left font-semibold text-slate-900">{caption}</caption>
      <thead className="border-b border-slate-300 text-slate-700">
        <tr>
          <th scope="col" className="py-1.5 pr-4 font-semibold">
            Field
          </th>
          <th scope="col" className="py-1.5 pr-4 font-semibold">
            Before
          </th>
          <th scope="col" className="py-1.5 font-semibold">
            After
          </th>
        </tr>
      </thead>
      <tbody className="divide-y divide-slate-200">
        {changes.map(([field, change]) => (
          <tr key={field} className="align-top">
            <th scope="row" className="py-1.5 pr-4 font-mono text-xs font-normal text-slate-900">
              {field}
            </th>
            <td className="py-1.5 pr-4 break-words text-slate-900">
              <del className="no-underline">
                <span className="sr-only">was </span>
                {show(change.before)}
              </del>
            </td>
            <td className="py-1.5 break-words text-slate-900">
              <ins className="no-underline">
                <span className="sr-only">now </span>
                {show(change.after)}
              </ins>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
