import Link from 'next/link';
import { LinkButton, linkClasses } from '@/components/ui';

export default function Home() {
  return (
    <div className="flex min-h-screen flex-col">
      <header className="border-b border-slate-200">
        <div className="mx-auto flex max-w-5xl flex-wrap items-center justify-between gap-3 px-4 py-4 sm:px-6">
          <span className="text-lg font-bold text-slate-900">DealershipAI</span>
          <nav aria-label="Account">
            <ul className="flex items-center gap-4 text-sm">
              <li>
                <Link href="/sign-in" className={linkClasses}>
                  Sign in
                </Link>
              </li>
            </ul>
          </nav>
        </div>
      </header>
      <main id="main" className="mx-auto flex w-full max-w-5xl flex-1 flex-col justify-center px-4 py-16 sm:px-6">
        <h1 className="max-w-3xl text-4xl font-bold tracking-tight text-slate-900 sm:text-5xl">
          See your dealerships the way AI answer engines do.
        </h1>
        <p className="mt-6 max-w-2xl text-lg text-slate-700">
          Shoppers now ask ChatGPT, Perplexity, Gemini and Google’s AI Overviews where to buy their next car. DealershipAI checks what
          those engines can read on each of your rooftops’ websites, scores your AI visibility, and gives you a prioritised list of
          fixes, with every number measured or computed from your own figures.
        </p>
        <div className="mt-8 flex flex-wrap gap-3">
          <LinkButton href="/sign-up">Create an account</LinkButton>
          <LinkButton href="/sign-in" variant="secondary">
            Sign in
          </LinkButton>
        </div>
      </main>
      <footer className="border-t border-slate-200">
        <p className="mx-auto max-w-5xl px-4 py-6 text-sm text-slate-600 sm:px-6">© DealershipAI</p>
      </footer>
    </div>
  );
}
