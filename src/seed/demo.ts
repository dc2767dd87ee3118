import { eq } from 'drizzle-orm';
import { billingAccounts, dealerships, memberships, tenants, users } from '@/src/db/schema';
import { withSystem } from '@/src/db/scope';
import { auth } from '@/src/auth/auth';
import { demoSitePort, devSecret, env } from '@/src/config/env';
import { ROLES } from '@/src/access/permissions';

export const DEMO_TENANT_NAME = 'Demo Motor Group';
export const DEMO_USERS = ROLES.map((role) => ({
  role,
  email: `${role}@demo.dealershipai.test`,
  name: `Demo ${role[0]!.toUpperCase()}${role.slice(1)}`,
}));

/** The development demo password: generated once per data directory, never used in production. */
export const demoPassword = () => devSecret('DEMO_PASSWORD', 12);

/** Seeds the demo dealer group once: one user per role and one dealership. */
export async function seedDemo(): Promise<{ created: boolean }> {
  const exists = await withSystem('seed: look for demo owner', (tx) =>
    tx.select({ id: users.id }).from(users).where(eq(users.email, DEMO_USERS[0]!.email)),
  );
  if (exists.length > 0) return { created: false };

  const { api } = await auth();
  const ids: string[] = [];
  for (const u of DEMO_USERS) {
    const res = await api.signUpEmail({ body: { email: u.email, password: demoPassword(), name: u.name } });
    ids.push(res.user.id);
  }
  await withSystem('seed: demo tenant', async (tx) => {
    const [tenant] = await tx.insert(tenants).values({ name: DEMO_TENANT_NAME }).returning({ id: tenants.id });
    const tenantId = tenant!.id;
    await tx.insert(memberships).values(DEMO_USERS.map((u, i) => ({ tenantId, userId: ids[i]!, role: u.role })));
    // On Pro without Stripe, so a first run shows everything the product does.
    await tx.insert(billingAccounts).values({ tenantId, plan: 'pro', interval: 'month', status: 'active' });
    await tx.insert(dealerships).values({
      tenantId,
      name: 'Riverside Toyota',
      // The bundled demo site (src/scans/demo-site.ts) when it runs, so a first scan works offline.
      websiteUrl: demoSitePort() ? `http://127.0.0.1:${demoSitePort()}/` : new URL('/', env().APP_URL).toString(),
      address: '1200 River Rd',
      city: 'Austin',
      state: 'TX',
      zip: '78701',
      phone: '(512) 555-0142',
      brands: ['Toyota'],
      monthlyUsedUnitSales: 140,
      avgFrontEndGross: 2100,
    });
  });
  return { created: true };
}
