/** Dates on the data page: long form, UTC (the deletion job runs on UTC). */
const long = new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' });
export const formatDateTime = (value: string | Date) => `${long.format(new Date(value))} UTC`;
