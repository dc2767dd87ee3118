import { defineRoute } from '@/src/access';
import { VITALS_MAX_BODY_BYTES, VitalsBeacon, limitBody, recordVitals } from '@/src/vitals';

/**
 * Web-vitals beacons from the browser (navigator.sendBeacon, application/json). Public and
 * rate-limited per IP like every public route; bodies over 4 KB are refused with 413, invalid
 * ones with 400, and nothing of either is stored. 204 on success.
 */
export const POST = limitBody(
  VITALS_MAX_BODY_BYTES,
  defineRoute({ public: true, input: VitalsBeacon }, async ({ input }) => {
    await recordVitals(input);
    return undefined;
  }),
);
