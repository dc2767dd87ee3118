'use client';

import { useId, useRef, useState, type ReactNode } from 'react';
import { Alert } from './Alert';
import { Button } from './Button';
import type { ButtonVariant } from './styles';

type ConfirmDialogProps = {
  triggerLabel: ReactNode;
  /** Accessible name for the trigger when its visible label is ambiguous (e.g. "Remove" in a list). */
  triggerAriaLabel?: string;
  triggerVariant?: ButtonVariant;
  triggerClassName?: string;
  title: string;
  description: ReactNode;
  confirmLabel: string;
  pendingLabel?: string;
  /** Resolves to an error message to show in the dialog, or nothing on success. */
  onConfirm: () => Promise<string | null | undefined | void>;
};

/**
 * A confirmation in a native modal <dialog>: the browser traps focus and closes on Escape;
 * focus goes back to the trigger when it closes.
 */
export function ConfirmDialog({
  triggerLabel,
  triggerAriaLabel,
  triggerVariant = 'danger',
  triggerClassName,
  title,
  description,
  confirmLabel,
  pendingLabel,
  onConfirm,
}: ConfirmDialogProps) {
  const dialogRef = useRef<HTMLDialogElement>(null);
  const triggerRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  const [pending, setPending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const titleId = useId();
  const descriptionId = useId();

  const open = () => {
    setError(null);
    dialogRef.current?.showModal();
    cancelRef.current?.focus();
  };
  const close = () => dialogRef.current?.close();

  async function confirm() {
    setPending(true);
    setError(null);
    try {
      const message = await onConfirm();
      if (message) setError(message);
      else close();
    } finally {
      setPending(false);
    }
  }

  return (
    <>
      <Button ref={triggerRef} variant={triggerVariant} className={triggerClassName} aria-label={triggerAriaLabel} aria-haspopup="dialog" onClick={open}>
        {triggerLabel}
      </Button>
      <dialog
        ref={dialogRef}
        aria-labelledby={titleId}
        aria-describedby={descriptionId}
        onClose={() => triggerRef.current?.focus()}
        className="m-auto w-[calc(100%-2rem)] max-w-md rounded-lg border border-slate-300 bg-white p-6 text-slate-900 shadow-xl backdrop:bg-slate-900/60"
      >
        <h2 id={titleId} className="text-lg font-semibold">
          {title}
        </h2>
        <div id={descriptionId} className="mt-2 text-sm text-slate-700">
          {description}
        </div>
        {error ? (
          <Alert tone="error" className="mt-4">
            {error}
          </Alert>
        ) : null}
        <div className="mt-6 flex flex-wrap justify-end gap-3">
          <Button ref={cancelRef} variant="secondary" onClick={close}>
            Cancel
          </Button>
          <Button variant="danger" pending={pending} pendingLabel={pendingLabel} onClick={confirm}>
            {confirmLabel}
          </Button>
        </div>
      </dialog>
    </>
  );
}
