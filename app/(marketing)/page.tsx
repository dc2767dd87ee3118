import type { Metadata } from 'next';
import { AppLink } from '@/components/shell/AppLink';
import { LinkButton, linkClasses } from '@/components/ui';
import { ExitIntent } from '@/components/marketing/ExitIntent';
import { SampleReport } from '@/components/marketing/SampleReport';
import { PLANS } from '@/src/billing/plans';
import { CHECK_WEIGHTS, PILLARS } from '@/src/scans/weights';
import { DEFAULT_MAX_PAGES } from '@/src/scans/scan';
import { MAX_IN_FLIGHT_PER_HOST } from '@/src/scans/http';
import type { PillarId } from '@/src/scans/types';
import { formatLimit, formatRetention, formatUsd, plural } from '@/components/billing/format';

export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { absolute: 'DealershipAI: how visible your dealerships are to AI answer engines' },
  description:
    'DealershipAI scans your dealership websites the way AI answer engines read them, scores AI visibility and lists what to fix first.',
};

/** What each pillar (src/scans/weights.ts) looks at, and why a dealer should care. */
const PILLAR_COPY: Record<PillarId, { what: string; why: string }> = {
  access: {
    what: 'Whether your robots.txt lets the crawlers behind ChatGPT search, Perplexity, Bing and Copilot, Gemini and Apple Intelligence read your pages, and whether any key page tells them not to index or quote it.',
    why: 'A crawler that is shut out cannot cite your inventory, hours or prices, so the answer points to a marketplace or another store.',
  },
  structured: {
    what: 'The schema.org markup machines read without guessing: your store as an AutoDealer with address and phone, vehicles with price and availability, FAQs and breadcrumbs.',
    why: 'Facts stated in markup are the easiest for an engine to repeat correctly, down to the price of a particular vehicle.',
  },
  entity: {
    what: 'Your store name, street address, main phone number and franchise brands, compared between your pages, their markup and your dealership profile.',
    why: 'Answer engines cross-check these details. Two phone numbers or two addresses make them less sure you are the store to recommend.',
  },
  content: {
    what: 'Whether your own pages answer what shoppers ask (service and parts hours, financing, trade-in, common questions) in text that is there without JavaScript, with clear titles, descriptions and headings.',
    why: 'An assistant can only repeat an answer that is written on a page it can read.',
  },
  technical: {
    what: 'HTTPS, pages that load, an XML sitemap, server response time, canonical tags, page weight and a mobile viewport.',
    why: 'Slow, broken or duplicate pages are read less often and trusted less.',
  },
  answers: {
    what: 'Optional: we ask an AI model a fixed set of shopper questions, such as “Where can I buy a used Toyota in Austin, TX?”, and record whether your store is named and your site cited.',
    why: 'It shows where you stand in the answers themselves, not only in what engines can read.',
  },
};

const STEPS: { title: string; body: string }[] = [
  {
    title: 'Add a dealership',
    body: 'Its name, website, address, main phone number and brands. Add monthly used-vehicle sales and average front-end gross if you want a revenue estimate.',
  },
  {
    title: 'We read the site the way an AI crawler does',
    body: `robots.txt first, and we obey it. Then the sitemap and the home page’s links, up to ${DEFAULT_MAX_PAGES} pages with the ones shoppers need first: inventory, service, hours, financing, FAQ. Like most AI crawlers, the scanner does not run JavaScript.`,
  },
  {
    title: 'Every check is scored',
    body: 'Pass, warning or fail, each with its evidence: the page and the exact text, tag or rule we found. Checks that cannot apply are left out rather than counted against you.',
  },
  {
    title: 'Optionally, we ask answer engines',
    body: 'When answer-engine probes are part of your plan and an AI provider is set up, the scan asks a fixed set of shopper questions and records what came back.',
  },
  {
    title: 'You get the report',
    body: 'An AI Visibility Score from 0 to 100, a score per pillar, a fix list ordered by priority and the points each fix adds, and a revenue-at-risk range worked out from your own figures. Download it as PDF, CSV or JSON.',
  },
];

function freePlanLine(): string {
  const { dealerships, scansPerMonth } = PLANS.free.limits;
  const stores = dealerships === null ? 'unlimited dealerships' : plural(dealerships, 'dealership');
  const scans = scansPerMonth === null ? 'unlimited scans' : `${plural(scansPerMonth, 'scan')} a month`;
  return `The Free plan covers ${stores} and ${scans}. No card needed.`;
}

export default function LandingPage() {
  const pageChecks = Object.keys(CHECK_WEIGHTS).filter((id) => !id.startsWith('answers.')).length;
  const probeChecks = Object.keys(CHECK_WEIGHTS).length - pageChecks;
  const measured = PILLARS.filter((p) => p.id !== 'answers');
  const plans = [PLANS.free, PLANS.pro, PLANS.enterprise];

  return (
    <>
      <section aria-labelledby="hero-heading" className="border-b border-slate-200 bg-slate-50">
        <div className="mx-auto max-w-6xl px-4 py-14 sm:px-6 sm:py-20">
          <h1 id="hero-heading" className="max-w-3xl text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">
            See your dealerships the way AI answer engines do.
          </h1>
          <p className="mt-6 max-w-2xl text-lg text-slate-700">
            Shoppers now ask ChatGPT, Perplexity, Gemini and Google’s AI Overviews where to buy their next car. DealershipAI checks what those
            engines can read on each of your rooftops’ websites, scores your AI visibility, and gives you a prioritised list of fixes, with every
            number measured or computed from your own figures.
          </p>
          <div className="mt-8 flex flex-wrap gap-3">
            <LinkButton href="/sign-up">Create an account</LinkButton>
            <LinkButton href="/pricing" variant="secondary">
              See pricing
            </LinkButton>
          </div>
          <p className="mt-4 text-sm text-slate-700">
            {freePlanLine()}
          </p>
        </div>
      </section>

      <section aria-labelledby="measures-heading" className="mx-auto max-w-6xl px-4 py-14 sm:px-6">
        <h2 id="measures-heading" className="text-3xl font-bold text-slate-900">
          What DealershipAI measures
        </h2>
        <p className="mt-3 max-w-3xl text-slate-700">
          {pageChecks} checks on your website in {measured.length} pillars, plus {probeChecks} optional answer-engine checks. Each pillar carries a fixed
          weight in the score; the weights are published and the same for every dealer.
        </p>
        <ul className="mt-8 grid gap-5 md:grid-cols-2 lg:grid-cols-3">
          {PILLARS.map((p) => (
            <li key={p.id} className="flex flex-col rounded-lg border border-slate-300 bg-white p-5 shadow-sm">
              <h3 className="text-lg font-semibold text-slate-900">{p.id === 'answers' ? `${p.label} (optional)` : p.label}</h3>
              <p className="mt-1 text-sm font-medium text-slate-700">
                {p.id === 'answers' ? `Weight ${p.weight}, only when probes ran` : `Weight ${p.weight} of ${measured.reduce((n, x) => n + x.weight, 0)}`}
              </p>
              <p className="mt-3 text-sm text-slate-800">{PILLAR_COPY[p.id].what}</p>
              <p className="mt-3 text-sm text-slate-800">
                <span className="font-semibold">Why it matters: </span>
                {PILLAR_COPY[p.id].why}
              </p>
            </li>
          ))}
        </ul>
      </section>

      <section aria-labelledby="how-heading" className="border-y border-slate-200 bg-slate-50">
        <div className="mx-auto max-w-6xl px-4 py-14 sm:px-6">
          <h2 id="how-heading" className="text-3xl font-bold text-slate-900">
            How a scan works
          </h2>
          <ol className="mt-8 grid gap-5 md:grid-cols-2 lg:grid-cols-5">
            {STEPS.map((s, i) => (
              <li key={s.title} className="rounded-lg border border-slate-300 bg-white p-5">
                <p className="flex size-8 items-center justify-center rounded-full bg-blue-700 text-sm font-bold text-white" aria-hidden="true">
                  {i + 1}
                </p>
                <h3 className="mt-3 font-semibold text-slate-900">
                  <span className="sr-only">Step {i + 1}: </span>
                  {s.title}
                </h3>
                <p className="mt-2 text-sm text-slate-800">{s.body}</p>
              </li>
            ))}
          </ol>
          <p className="mt-6 max-w-3xl text-sm text-slate-700">
            The scanner identifies itself, reads only your own site, never visits private network addresses and sends at most {MAX_IN_FLIGHT_PER_HOST} requests at
            a time, so it does not strain your site.
          </p>
        </div>
      </section>

      <section aria-labelledby="sample-heading" className="mx-auto max-w-6xl px-4 py-14 sm:px-6">
        <h2 id="sample-heading" className="text-3xl font-bold text-slate-900">
          What a report looks like
        </h2>
        <p className="mt-3 mb-6 max-w-3xl text-slate-700">A real scan of a demo website, scored by the same code that scores yours.</p>
        <SampleReport headingId="sample" />
      </section>

      <section aria-labelledby="pricing-heading" className="border-t border-slate-200 bg-slate-50">
        <div className="mx-auto max-w-6xl px-4 py-14 sm:px-6">
          <h2 id="pricing-heading" className="text-3xl font-bold text-slate-900">
            Pricing
          </h2>
          <ul className="mt-8 grid gap-5 md:grid-cols-3">
            {plans.map((p) => (
              <li key={p.id} className="rounded-lg border border-slate-300 bg-white p-5">
                <h3 className="text-lg font-semibold text-slate-900">{p.name}</h3>
                <p className="mt-2 text-slate-900">
                  <span className="text-3xl font-bold tabular-nums">{formatUsd(p.price.month)}</span>
                  <span className="text-slate-700">{p.price.month > 0 ? ' a month' : ''}</span>
                </p>
                {p.price.year > 0 ? <p className="text-sm text-slate-700">or {formatUsd(p.price.year)} a year</p> : null}
                <p className="mt-3 text-sm text-slate-800">{p.summary}</p>
                <ul className="mt-3 space-y-1 text-sm text-slate-800">
                  <li>Dealerships: {formatLimit(p.limits.dealerships)}</li>
                  <li>Members: {formatLimit(p.limits.members)}</li>
                  <li>Scans per month: {formatLimit(p.limits.scansPerMonth)}</li>
                  <li>Answer-engine probes: {p.answerEngineProbes ? 'included' : 'not included'}</li>
                  <li>Audit trail kept: {formatRetention(p.auditRetentionDays)}</li>
                </ul>
              </li>
            ))}
          </ul>
          <p className="mt-6">
            <AppLink href="/pricing" className={linkClasses}>
              Compare plans and annual prices
            </AppLink>
          </p>
        </div>
      </section>

      <section aria-labelledby="cta-heading" className="mx-auto max-w-6xl px-4 py-14 sm:px-6">
        <div className="rounded-xl bg-blue-800 px-6 py-10 text-white sm:px-10">
          <h2 id="cta-heading" className="text-3xl font-bold">
            Scan your first store today
          </h2>
          <p className="mt-3 max-w-2xl text-blue-50">
            Sign up, add a dealership and run a scan: you see the score, the evidence and the fix list as soon as the scan finishes.
          </p>
          <AppLink
            href="/sign-up"
            className="mt-6 inline-flex min-h-10 items-center justify-center rounded-md border border-white bg-white px-4 py-2 text-sm font-semibold text-blue-900 no-underline hover:bg-blue-50 focus-visible:outline-white"
          >
            Start free
          </AppLink>
        </div>
      </section>

      <ExitIntent freeDealerships={PLANS.free.limits.dealerships} freeScans={PLANS.free.limits.scansPerMonth} />
    </>
  );
}
