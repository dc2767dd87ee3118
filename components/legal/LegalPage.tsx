import type { ReactNode } from 'react';

export type LegalSection = { id: string; title: string; body: ReactNode };

/** Where people write to us about these documents. */
export const LEGAL_CONTACT = 'privacy@dealershipai.app';
export const LAST_UPDATED = '2026-11-26';

/**
 * A legal document: one h1, the date it was last changed, a table of contents and numbered
 * sections (h2), each linkable by its id. Body text keeps a readable line length.
 */
export function LegalPage({ title, intro, sections }: { title: string; intro: ReactNode; sections: LegalSection[] }) {
  return (
    <article className="mx-auto max-w-3xl px-4 py-12 sm:px-6 sm:py-16">
      <h1 className="text-3xl font-bold tracking-tight text-slate-900 sm:text-4xl">{title}</h1>
      <p className="mt-3 text-sm text-slate-700">
        Last updated: <time dateTime={LAST_UPDATED}>{LAST_UPDATED}</time>
      </p>
      <div className="mt-6 space-y-4 text-base text-slate-800">{intro}</div>

      <nav aria-label="On this page" className="mt-8 rounded-lg border border-slate-300 bg-slate-50 p-4 sm:p-5">
        <h2 className="text-sm font-semibold text-slate-900">On this page</h2>
        <ol className="mt-2 list-decimal space-y-1 pl-5 text-sm">
          {sections.map((s) => (
            <li key={s.id}>
              <a href={`#${s.id}`} className="inline-block py-0.5 font-medium text-blue-700 underline hover:text-blue-900">
                {s.title}
              </a>
            </li>
          ))}
        </ol>
      </nav>

      <div
        className={[
          'mt-10 space-y-10 text-base leading-7 text-slate-800',
          '[&_h3]:mt-6 [&_h3]:font-semibold [&_h3]:text-slate-900',
          '[&_p]:mt-3 [&_ul]:mt-3 [&_ul]:list-disc [&_ul]:space-y-2 [&_ul]:pl-6',
          '[&_a]:font-medium [&_a]:text-blue-700 [&_a]:underline [&_a:hover]:text-blue-900',
          '[&_strong]:font-semibold [&_strong]:text-slate-900',
        ].join(' ')}
      >
        {sections.map((s, i) => (
          <section key={s.id} id={s.id} aria-labelledby={`${s.id}-heading`} className="scroll-mt-6">
            <h2 id={`${s.id}-heading`} className="text-xl font-bold text-slate-900 sm:text-2xl">
              {i + 1}. {s.title}
            </h2>
            {s.body}
          </section>
        ))}
      </div>
    </article>
  );
}

/** A two-column table (e.g. data and how long it is kept) that scrolls sideways when narrow. */
export function LegalTable({ caption, head, rows }: { caption: string; head: [string, string, ...string[]]; rows: ReactNode[][] }) {
  return (
    <div role="region" aria-label={caption} tabIndex={0} className="mt-4 overflow-x-auto rounded-lg border border-slate-300">
      <table className="w-full min-w-[32rem] border-collapse text-left text-sm leading-6">
        <caption className="sr-only">{caption}</caption>
        <thead className="bg-slate-100">
          <tr>
            {head.map((h) => (
              <th key={h} scope="col" className="px-4 py-2 font-semibold text-slate-900">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-200">
          {rows.map((cells, r) => (
            <tr key={r} className="align-top">
              {cells.map((c, i) =>
                i === 0 ? (
                  <th key={i} scope="row" className="px-4 py-2 font-medium text-slate-900">
                    {c}
                  </th>
                ) : (
                  <td key={i} className="px-4 py-2 text-slate-800">
                    {c}
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
