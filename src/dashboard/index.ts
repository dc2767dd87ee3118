export { dashboardOverview, bandFor, BANDS, type Band } from './overview';
