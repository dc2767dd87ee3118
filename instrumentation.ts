export async function register() {
  // Server start only: never during `next build` (its workers are other processes).
  if (process.env.NEXT_RUNTIME !== 'nodejs' || process.env.NEXT_PHASE === 'phase-production-build') return;
  const { boot } = await import('./src/boot');
  await boot();
}
