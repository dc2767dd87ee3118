import 'server-only';
import { PLANS, PAID_PLANS } from '@/src/billing/plans';
import type { PlanKey, PlanView } from './types';

const ORDER: PlanKey[] = ['free', 'pro', 'enterprise'];

/**
 * The plan catalog as plain data for the pricing and billing pages: names, prices and limits
 * only (PLANS also knows the environment's Stripe price ids, which stay on the server).
 */
export function planCatalog(): PlanView[] {
  return ORDER.map((id) => {
    const p = PLANS[id];
    const yearlyAtMonthly = p.price.month * 12;
    const saving = Math.max(0, yearlyAtMonthly - p.price.year);
    return {
      id,
      name: p.name,
      summary: p.summary,
      price: { month: p.price.month, year: p.price.year },
      annualSaving: saving,
      annualSavingPercent: yearlyAtMonthly > 0 ? Math.round((saving / yearlyAtMonthly) * 100) : 0,
      limits: { ...p.limits },
      answerEngineProbes: p.answerEngineProbes,
      auditRetentionDays: p.auditRetentionDays,
      trialDays: p.trialDays,
      paid: (PAID_PLANS as readonly string[]).includes(id),
    };
  });
}
