export { dashboardOverview } from './overview';
export { bandFor, BANDS, type Band } from './bands';
