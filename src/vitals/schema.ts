import { sql } from 'drizzle-orm';
import { check, doublePrecision, index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/**
 * Field measurements of Core Web Vitals (POST /api/vitals). Not tenant-owned: no tenant_id, no
 * user, no URL; route patterns only. Written and read by the system role alone (migration:
 * GRANT SELECT, INSERT ON web_vitals TO dealershipai_system); the runtime role has no access.
 *
 * src/db/schema.ts re-exports this table so drizzle-kit generates its migration.
 */
export const webVitals = pgTable(
  'web_vitals',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    /** Route pattern, e.g. /dealerships/[id]. */
    route: text('route').notNull(),
    metric: text('metric').notNull(),
    value: doublePrecision('value').notNull(),
    rating: text('rating').notNull(),
    device: text('device').notNull(),
    release: text('release').notNull(),
    navigationType: text('navigation_type').notNull(),
    /** Attribution: a CSS selector of the element, without ids. */
    target: text('target'),
  },
  (t) => [
    index('web_vitals_created_idx').on(t.createdAt),
    check('web_vitals_metric_check', sql`${t.metric} in ('LCP', 'INP', 'CLS', 'FCP', 'TTFB')`),
    check('web_vitals_rating_check', sql`${t.rating} in ('good', 'needs-improvement', 'poor')`),
    check('web_vitals_device_check', sql`${t.device} in ('mobile', 'desktop')`),
    check('web_vitals_value_check', sql`${t.value} >= 0`),
    check('web_vitals_lengths_check', sql`length(${t.route}) <= 200 and length(${t.release}) <= 64 and length(${t.navigationType}) <= 32 and length(${t.target}) <= 160`),
  ],
);
