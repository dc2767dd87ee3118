import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { listMailbox, type MailboxEntry } from '@/src/email';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Dev mailbox', robots: { index: false, follow: false } };

const utc = new Intl.DateTimeFormat('en-US', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

function When({ at }: { at: Date | null }) {
  if (!at) return <span className="text-slate-700">—</span>;
  return <time dateTime={at.toISOString()}>{utc.format(at)} UTC</time>;
}

const STATUS_CLASSES: Record<MailboxEntry['status'], string> = {
  pending: 'border-amber-800 bg-amber-50 text-amber-900',
  sent: 'border-green-800 bg-green-50 text-green-900',
  dead: 'border-red-800 bg-red-50 text-red-900',
};

function Status({ status }: { status: MailboxEntry['status'] }) {
  return <span className={`inline-block rounded border px-2 py-0.5 text-xs font-semibold ${STATUS_CLASSES[status]}`}>{status}</span>;
}

export default async function DevMailboxPage() {
  if (process.env.NODE_ENV === 'production') notFound();
  const { entries, mode } = await listMailbox(100);

  return (
    <main id="main" className="mx-auto max-w-6xl px-4 py-10">
      <h1 className="text-2xl font-bold text-slate-900">Dev mailbox</h1>
      <p className="mt-2 max-w-3xl text-slate-700">
        The newest {entries.length === 100 ? '100 ' : ''}messages in the email outbox, for every tenant. This page exists only outside production.
      </p>
      <p className="mt-2 max-w-3xl text-slate-700" role="note">
        {mode === 'smtp' ? (
          <>SMTP_URL is set: <strong>sent</strong> means the SMTP server accepted the message.</>
        ) : (
          <>
            SMTP_URL is not set: nothing leaves this machine. <strong>sent</strong> means the message was delivered to this mailbox
            only.
          </>
        )}
      </p>

      {entries.length === 0 ? (
        <p className="mt-8 rounded-md border border-slate-300 p-6 text-slate-800">No emails have been queued yet.</p>
      ) : (
        <>
          <div className="mt-8 overflow-x-auto">
            <table className="w-full border-collapse text-left text-sm">
              <caption className="mb-2 text-left text-lg font-semibold text-slate-900">Messages, newest first</caption>
              <thead>
                <tr className="border-b border-slate-400">
                  <th scope="col" className="py-2 pr-4">Queued</th>
                  <th scope="col" className="py-2 pr-4">To</th>
                  <th scope="col" className="py-2 pr-4">Subject</th>
                  <th scope="col" className="py-2 pr-4">Template</th>
                  <th scope="col" className="py-2 pr-4">Status</th>
                  <th scope="col" className="py-2 pr-4">Attempts</th>
                  <th scope="col" className="py-2">Sent</th>
                </tr>
              </thead>
              <tbody>
                {entries.map((m) => (
                  <tr key={m.id} className="border-b border-slate-200 align-top">
                    <td className="py-2 pr-4 whitespace-nowrap"><When at={m.createdAt} /></td>
                    <td className="py-2 pr-4 break-all">{m.toAddress}</td>
                    <td className="py-2 pr-4">
                      <a href={`#message-${m.id}`} className="inline-block py-1 font-medium text-blue-700 underline hover:text-blue-900">
                        {m.subject}
                      </a>
                    </td>
                    <td className="py-2 pr-4"><code>{m.template}</code></td>
                    <td className="py-2 pr-4"><Status status={m.status} /></td>
                    <td className="py-2 pr-4">{m.attempts}</td>
                    <td className="py-2 whitespace-nowrap"><When at={m.sentAt} /></td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>

          <h2 className="mt-12 text-xl font-semibold text-slate-900">Message contents</h2>
          {entries.map((m) => (
            <section key={m.id} id={`message-${m.id}`} aria-labelledby={`message-${m.id}-title`} className="mt-6 rounded-md border border-slate-300 p-4">
              <h3 id={`message-${m.id}-title`} className="text-lg font-semibold text-slate-900">{m.subject}</h3>
              <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm text-slate-800">
                <dt className="font-semibold">To</dt>
                <dd className="break-all">{m.toAddress}</dd>
                <dt className="font-semibold">Status</dt>
                <dd><Status status={m.status} /> after {m.attempts} attempt{m.attempts === 1 ? '' : 's'}</dd>
                <dt className="font-semibold">Tenant</dt>
                <dd><code>{m.tenantId}</code></dd>
                <dt className="font-semibold">Dedupe key</dt>
                <dd className="break-all"><code>{m.dedupeKey}</code></dd>
                {m.status === 'pending' ? (
                  <>
                    <dt className="font-semibold">Next attempt</dt>
                    <dd><When at={m.nextAttemptAt} /></dd>
                  </>
                ) : null}
                {m.lastError ? (
                  <>
                    <dt className="font-semibold">Last error</dt>
                    <dd className="break-all">{m.lastError}</dd>
                  </>
                ) : null}
              </dl>
              <details className="mt-3">
                <summary className="cursor-pointer py-1 font-medium text-slate-900">Plain-text part</summary>
                <pre className="mt-2 overflow-x-auto rounded bg-slate-50 p-3 text-sm whitespace-pre-wrap text-slate-900">{m.textBody}</pre>
              </details>
              <details className="mt-3">
                <summary className="cursor-pointer py-1 font-medium text-slate-900">HTML part</summary>
                {/* sandbox="" : no scripts, no forms, no navigation of this page, unique origin. */}
                <iframe
                  title={`HTML part of “${m.subject}”`}
                  srcDoc={m.htmlBody}
                  sandbox=""
                  loading="lazy"
                  referrerPolicy="no-referrer"
                  className="mt-2 h-[32rem] w-full rounded border border-slate-300 bg-white"
                />
              </details>
            </section>
          ))}
        </>
      )}
    </main>
  );
}
