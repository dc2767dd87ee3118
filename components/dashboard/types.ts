import type { dashboardOverview } from '@/src/dashboard';

export type Overview = Awaited<ReturnType<typeof dashboardOverview>>;
export type DealershipOverview = Overview['dealerships'][number];
