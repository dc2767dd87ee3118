'use client';

import { AppLink } from '@/components/shell/AppLink';
import { useEffect, useId, useRef } from 'react';
import { buttonClasses } from '@/components/ui';
import { DESKTOP_POINTER } from './desktop-pointer';

const STORAGE_KEY = 'dealershipai:exit-intent-shown-at';
const WEEK_MS = 7 * 24 * 60 * 60 * 1000;
/** Not in the first seconds: leaving right away is rarely a decision to leave. */
const ARM_AFTER_MS = 4000;

function shownRecently(now: number): boolean {
  try {
    const at = Number(window.localStorage.getItem(STORAGE_KEY));
    return Number.isFinite(at) && at > 0 && now - at < WEEK_MS;
  } catch {
    // Storage blocked (private mode, settings): without a way to remember, never show it.
    return true;
  }
}

function remember(now: number): void {
  try {
    window.localStorage.setItem(STORAGE_KEY, String(now));
  } catch {
    // ignore: shownRecently() already returned true when storage is unavailable
  }
}

/**
 * A one-time offer when the pointer leaves the window through its top edge (towards the tabs or
 * the address bar). Desktop pointers only, never on touch screens; at most once a week per
 * browser (a timestamp in localStorage). A native modal <dialog>: focus moves in and returns,
 * Escape closes it, it is named by its heading. No animation when reduced motion is asked for.
 */
export default function ExitIntentDialog({ freeDealerships, freeScans }: { freeDealerships: number | null; freeScans: number | null }) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const closeRef = useRef<HTMLButtonElement>(null);
  const returnFocus = useRef<HTMLElement | null>(null);
  const titleId = useId();
  const descriptionId = useId();

  useEffect(() => {
    const desktop = window.matchMedia(DESKTOP_POINTER);
    // localStorage is first read when the pointer leaves, not here: its first access can take
    // milliseconds of main thread, which page load should not pay.
    if (!desktop.matches) return;

    let armed = false;
    const arm = window.setTimeout(() => {
      armed = true;
    }, ARM_AFTER_MS);

    function onLeave(event: MouseEvent) {
      const dialog = dialogRef.current;
      // Leaving the document (no element to go to) through the top edge.
      if (!armed || event.relatedTarget !== null || event.clientY > 0 || !dialog || dialog.open) return;
      if (!desktop.matches || shownRecently(Date.now())) return stop();
      remember(Date.now());
      stop();
      returnFocus.current = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      dialog.showModal();
      closeRef.current?.focus();
    }
    function stop() {
      document.removeEventListener('mouseout', onLeave);
    }
    document.addEventListener('mouseout', onLeave);
    return () => {
      window.clearTimeout(arm);
      stop();
    };
  }, []);

  const close = () => dialogRef.current?.close();

  return (
    <dialog
      ref={dialogRef}
      aria-labelledby={titleId}
      aria-describedby={descriptionId}
      onClose={() => {
        const target = returnFocus.current;
        returnFocus.current = null;
        if (target?.isConnected && target !== document.body) target.focus();
      }}
      onClick={(event) => {
        // A click on the backdrop (the dialog element itself, outside its content) closes it.
        if (event.target === event.currentTarget) close();
      }}
      className={[
        'm-auto w-[calc(100%-2rem)] max-w-lg rounded-xl border border-slate-300 bg-white p-0 text-slate-900 shadow-2xl backdrop:bg-slate-900/60',
        'opacity-100 transition-[opacity,translate] duration-200 ease-out starting:open:translate-y-2 starting:open:opacity-0',
        'motion-reduce:transition-none',
      ].join(' ')}
    >
      <div className="p-6 sm:p-8">
        <h2 id={titleId} className="text-xl font-bold text-slate-900 sm:text-2xl">
          Before you go: scan your store for free
        </h2>
        <div id={descriptionId} className="mt-3 space-y-2 text-slate-700">
          <p>See what ChatGPT, Perplexity, Gemini and Google&rsquo;s AI Overviews can read on your dealership&rsquo;s website, and what to fix first.</p>
          <p className="text-sm">
            The Free plan covers {freeDealerships === null ? 'unlimited dealerships' : freeDealerships === 1 ? 'one dealership' : `${freeDealerships} dealerships`}
            {freeScans === null ? '' : ` and ${freeScans} ${freeScans === 1 ? 'scan' : 'scans'} a month`}. No card needed.
          </p>
        </div>
        <div className="mt-6 flex flex-wrap gap-3">
          <AppLink href="/sign-up" className={buttonClasses('primary')} onClick={close}>
            Scan my store for free
          </AppLink>
          <button ref={closeRef} type="button" className={buttonClasses('secondary')} onClick={close}>
            No thanks
          </button>
        </div>
      </div>
    </dialog>
  );
}
