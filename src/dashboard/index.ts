export { dashboardOverview } from './overview';
