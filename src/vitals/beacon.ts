import { z } from 'zod';
import { METRICS } from './thresholds';
import { MAX_ROUTE_LENGTH, MAX_TARGET_LENGTH, routeLeak, sanitizeTarget } from './route-pattern';

/** Larger bodies are refused with 413 before they are parsed (the gate's own cap is 1 MB). */
export const VITALS_MAX_BODY_BYTES = 4 * 1024;
/** One page load reports each of the five metrics at most once; a little slack for bfcache restores. */
export const MAX_METRICS_PER_BEACON = 10;

export const NAVIGATION_TYPES = ['navigate', 'reload', 'back-forward', 'back-forward-cache', 'prerender', 'restore', 'soft-navigation'] as const;

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/i;
const EMAIL = /[^\s/@]+@[^\s/@]+\.[^\s/@]+/;

const Route = z
  .string()
  .min(1)
  .max(MAX_ROUTE_LENGTH)
  .superRefine((route, ctx) => {
    const leak = routeLeak(route);
    if (leak) ctx.addIssue({ code: 'custom', message: `The route must be a pattern: it ${leak}.` });
  });

const Target = z
  .string()
  .max(MAX_TARGET_LENGTH)
  .refine((s) => !UUID.test(s) && !EMAIL.test(s), 'The target must not contain identifiers.')
  // Stored the way the browser should have sent it: no ids, numbers or attribute values.
  .transform((s) => sanitizeTarget(s));

export const VitalsMetric = z
  .object({
    name: z.enum(METRICS),
    /** Milliseconds, or the unitless layout-shift score for CLS. */
    value: z.number().finite().min(0).max(600_000),
    route: Route,
    navigationType: z.enum(NAVIGATION_TYPES),
    target: Target.nullish(),
  })
  .strict()
  .refine((m) => m.name !== 'CLS' || m.value <= 100, { message: 'CLS is a score, never above 100.', path: ['value'] });

/**
 * What the browser sends (components/vitals/WebVitals.tsx): the page's device class and
 * release, and the metrics measured since the last beacon. No URL, no user, no ids: the
 * rating is derived on the server from the thresholds.
 */
export const VitalsBeacon = z
  .object({
    release: z.string().regex(/^[A-Za-z0-9._-]{1,64}$/, 'The release is 1 to 64 letters, digits, dots, dashes or underscores.'),
    device: z.enum(['mobile', 'desktop']),
    metrics: z.array(VitalsMetric).min(1).max(MAX_METRICS_PER_BEACON),
  })
  .strict();
export type VitalsBeacon = z.infer<typeof VitalsBeacon>;
