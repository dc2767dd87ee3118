'use client';

import { useEffect } from 'react';
import { Alert, Button } from '@/components/ui';

export default function AppError({ error, retry }: { error: unknown; retry: () => void }) {
  useEffect(() => {
    console.error(error);
  }, [error]);

  return (
    <div className="max-w-xl space-y-4">
      <h1 className="text-2xl font-bold text-slate-900">Something went wrong</h1>
      <Alert tone="error">This page could not be loaded. The problem has been logged.</Alert>
      <Button variant="secondary" onClick={() => retry()}>
        Try again
      </Button>
    </div>
  );
}
