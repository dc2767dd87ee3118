import { z } from 'zod';
import { ROLES, type Role } from '@/src/db/schema';
import { emailConfig } from './config';

/**
 * Transactional templates. Each one describes its message once (heading, paragraphs, facts,
 * one action) and both parts are rendered from that: the plain-text part reads well on its
 * own, the HTML part is semantic, single-column, real text (no images) with AA+ contrast.
 * Every value from data is escaped; links must be http(s).
 */

/** A display value (names, plan names, amounts): one line, cut at 200 characters, never empty. */
const name = z
  .string()
  .transform((s) => {
    const line = oneLine(s);
    return line.length > 200 ? `${line.slice(0, 199)}…` : line;
  })
  .pipe(z.string().min(1));
const httpUrl = z.url({ protocol: /^https?$/ }).max(2048);
const when = z.coerce.date().refine((d) => !Number.isNaN(d.getTime()), 'Invalid date');

export const TEMPLATE_DATA = {
  trial_ending: z.object({
    tenantName: name,
    /** Plan being trialled, as shown to users (e.g. "Pro"). */
    planName: name,
    daysLeft: z.number().int().min(0).max(365),
    trialEndsAt: when,
  }),
  payment_failed: z.object({
    tenantName: name,
    /** Stripe's hosted invoice page, where the invoice can be paid. */
    hostedInvoiceUrl: httpUrl,
    /** When the grace period ends and changes are blocked. */
    graceEndsAt: when,
    /** Already formatted, e.g. "$499.00"; omitted when unknown. */
    amountDue: name.optional(),
  }),
  plan_changed: z.object({
    tenantName: name,
    /** Plan names as shown to users (e.g. "Free", "Pro"). */
    oldPlan: name,
    newPlan: name,
  }),
  subscription_canceled: z.object({
    tenantName: name,
    /** Until when paid features stay available; omitted when they ended at once. */
    accessEndsAt: when.nullish(),
  }),
  member_invitation: z.object({
    inviterName: name,
    tenantName: name,
    role: z.enum(ROLES),
    acceptUrl: httpUrl,
    expiresAt: when,
  }),
  welcome: z.object({
    name,
    tenantName: name.nullish(),
  }),
  verify_email: z.object({
    name,
    /** Better Auth's one-time link (/api/auth/verify-email?token=…). */
    verifyUrl: httpUrl,
    expiresAt: when,
  }),
  // suspended: the group was suspended (its Clerk organization deleted), so no owner can open it.
  tenant_deletion_scheduled: z.object({ tenantName: name, requestedBy: name, deleteAfter: when, suspended: z.boolean().optional() }),
  tenant_deletion_reminder: z.object({ tenantName: name, deleteAfter: when, suspended: z.boolean().optional() }),
  tenant_deletion_canceled: z.object({ tenantName: name, canceledBy: name }),
} as const;

/** A suspended group's owners cannot cancel in Settings → Data; the operator can (docs/auth.md). */
const SUSPENDED_WAY_BACK =
  'If that was a mistake, contact your DealershipAI operator before then: they can restore the group and cancel the deletion. Until it is restored, nobody can open or export it.';

export type TemplateName = keyof typeof TEMPLATE_DATA;
/** What each template needs (dates may be Date or ISO strings). */
export type TemplateData = { [K in TemplateName]: z.input<(typeof TEMPLATE_DATA)[K]> };
export const TEMPLATE_NAMES = Object.keys(TEMPLATE_DATA) as TemplateName[];

export type RenderedEmail = { subject: string; text: string; html: string };

type Message = {
  subject: string;
  heading: string;
  paragraphs: string[];
  facts?: [label: string, value: string][];
  action?: { label: string; url: string };
  /** Further links, written out in full in both parts. */
  links?: { label: string; url: string }[];
  after?: string[];
  /** Why the recipient got this message. */
  reason: string;
};

const ROLE_LABELS: Record<Role, string> = { owner: 'Owner', admin: 'Admin', manager: 'Manager', viewer: 'Viewer' };
const ROLE_CAN: Record<Role, string> = {
  viewer: 'see the dashboard, dealerships and reports',
  manager: 'see the dashboard and reports, edit dealerships and run scans',
  admin: 'add and edit dealerships, run scans and manage members',
  owner: 'do everything, including billing and the dealer group itself',
};

export function oneLine(s: string): string {
  // Control characters (CR/LF included) never reach a header or a line of the text part.
  return s.replace(/[\u0000-\u001f\u007f\u2028\u2029]+/g, ' ').replace(/\s+/g, ' ').trim();
}

const formatDate = (d: Date) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(d);

const formatDateTime = (d: Date) =>
  new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeStyle: 'short', timeZone: 'UTC' }).format(d);

const days = (n: number) => (n === 1 ? '1 day' : `${n} days`);

function compose<K extends TemplateName>(template: K, data: z.output<(typeof TEMPLATE_DATA)[K]>, link: (path: string) => string): Message {
  switch (template) {
    case 'trial_ending': {
      const d = data as z.output<(typeof TEMPLATE_DATA)['trial_ending']>;
      const ends = d.daysLeft === 0 ? 'ends today' : `ends in ${days(d.daysLeft)}`;
      return {
        subject: `Your DealershipAI trial for ${d.tenantName} ${ends}`,
        heading: `Your trial ${ends}`,
        paragraphs: [
          `The ${d.planName} trial for ${d.tenantName} ends on ${formatDate(d.trialEndsAt)}.`,
          `Add a payment method before then to keep ${d.planName} without interruption.`,
        ],
        facts: [
          ['Plan', d.planName],
          ['Trial ends', formatDate(d.trialEndsAt)],
        ],
        action: { label: 'Choose your plan', url: link('/settings/billing') },
        reason: `You are receiving this because you manage billing for ${d.tenantName} on DealershipAI.`,
      };
    }
    case 'payment_failed': {
      const d = data as z.output<(typeof TEMPLATE_DATA)['payment_failed']>;
      return {
        subject: `Payment failed for ${d.tenantName}`,
        heading: 'We could not collect your payment',
        paragraphs: [
          `The latest payment for the DealershipAI subscription of ${d.tenantName}${d.amountDue ? ` (${d.amountDue})` : ''} did not go through.`,
          `Please pay the invoice or update your payment method by ${formatDate(d.graceEndsAt)}. After that date you can still see your dashboard and reports, but changes are blocked until the invoice is paid.`,
        ],
        facts: [
          ...(d.amountDue ? ([['Amount due', d.amountDue]] as [string, string][]) : []),
          ['Pay by', formatDate(d.graceEndsAt)],
        ],
        action: { label: 'Pay the invoice', url: d.hostedInvoiceUrl },
        links: [{ label: 'To change the card on file, open the billing page', url: link('/settings/billing') }],
        reason: `You are receiving this because you manage billing for ${d.tenantName} on DealershipAI.`,
      };
    }
    case 'plan_changed': {
      const d = data as z.output<(typeof TEMPLATE_DATA)['plan_changed']>;
      return {
        subject: `${d.tenantName} is now on the ${d.newPlan} plan`,
        heading: 'Your plan has changed',
        paragraphs: [`${d.tenantName} moved from the ${d.oldPlan} plan to the ${d.newPlan} plan. The billing page shows what the new plan includes.`],
        facts: [
          ['Previous plan', d.oldPlan],
          ['New plan', d.newPlan],
        ],
        action: { label: 'View billing', url: link('/settings/billing') },
        reason: `You are receiving this because you manage billing for ${d.tenantName} on DealershipAI.`,
      };
    }
    case 'subscription_canceled': {
      const d = data as z.output<(typeof TEMPLATE_DATA)['subscription_canceled']>;
      return {
        subject: `The DealershipAI subscription for ${d.tenantName} was canceled`,
        heading: 'Your subscription was canceled',
        paragraphs: [
          `The DealershipAI subscription for ${d.tenantName} has been canceled.`,
          d.accessEndsAt
            ? `Paid features stay available until ${formatDate(d.accessEndsAt)}.`
            : 'Paid features are no longer available.',
          'You can subscribe again at any time from the billing page.',
        ],
        action: { label: 'Open billing', url: link('/settings/billing') },
        after: ['If you did not expect this, check with the owner of your dealer group.'],
        reason: `You are receiving this because you manage billing for ${d.tenantName} on DealershipAI.`,
      };
    }
    case 'member_invitation': {
      const d = data as z.output<(typeof TEMPLATE_DATA)['member_invitation']>;
      const role = ROLE_LABELS[d.role];
      const article = /^[AEIOU]/.test(role) ? 'an' : 'a';
      return {
        subject: `${d.inviterName} invited you to ${d.tenantName} on DealershipAI`,
        heading: `Join ${d.tenantName} on DealershipAI`,
        paragraphs: [
          `${d.inviterName} invited you to join ${d.tenantName} as ${article} ${role}. ${role}s can ${ROLE_CAN[d.role]}.`,
          `The invitation expires on ${formatDate(d.expiresAt)}. Sign in or create an account with this email address to accept it.`,
        ],
        facts: [
          ['Dealer group', d.tenantName],
          ['Role', role],
          ['Expires', formatDate(d.expiresAt)],
        ],
        action: { label: 'Accept the invitation', url: d.acceptUrl },
        after: ['If you were not expecting this invitation, you can ignore this email.'],
        reason: `You are receiving this because ${d.inviterName} invited this address to ${d.tenantName} on DealershipAI.`,
      };
    }
    case 'tenant_deletion_scheduled': {
      const d = data as z.output<(typeof TEMPLATE_DATA)['tenant_deletion_scheduled']>;
      return {
        subject: `${d.tenantName} will be deleted on ${formatDate(d.deleteAfter)}`,
        heading: `${d.tenantName} is scheduled for deletion`,
        paragraphs: d.suspended
          ? [
              `The organization behind ${d.tenantName} was deleted in the sign-in service, so ${d.tenantName} is suspended: nobody can open it. It and all of its data will be deleted from DealershipAI on ${formatDate(d.deleteAfter)}.`,
              SUSPENDED_WAY_BACK,
            ]
          : [
              `${d.requestedBy} asked to delete ${d.tenantName} and all of its data from DealershipAI.`,
              `Nothing is deleted before ${formatDate(d.deleteAfter)}. Until then any owner can cancel the deletion under Settings → Data, and you can still export everything.`,
            ],
        facts: [
          ['Dealer group', d.tenantName],
          ['Requested by', d.requestedBy],
          ['Deletion on', formatDate(d.deleteAfter)],
        ],
        action: d.suspended ? undefined : { label: 'Review or cancel', url: link('/settings/data') },
        reason: `You are receiving this because you are an owner of ${d.tenantName} on DealershipAI.`,
      };
    }
    case 'tenant_deletion_reminder': {
      const d = data as z.output<(typeof TEMPLATE_DATA)['tenant_deletion_reminder']>;
      return {
        subject: `Reminder: ${d.tenantName} will be deleted within 24 hours`,
        heading: `${d.tenantName} will be deleted soon`,
        paragraphs: [
          `${d.tenantName} and all of its data will be deleted after ${formatDate(d.deleteAfter)}.`,
          d.suspended
            ? SUSPENDED_WAY_BACK
            : 'If this is not what you want, cancel the deletion now under Settings → Data. Export your data first if you want to keep a copy.',
        ],
        action: d.suspended ? undefined : { label: 'Review or cancel', url: link('/settings/data') },
        reason: `You are receiving this because you are an owner of ${d.tenantName} on DealershipAI.`,
      };
    }
    case 'tenant_deletion_canceled': {
      const d = data as z.output<(typeof TEMPLATE_DATA)['tenant_deletion_canceled']>;
      return {
        subject: `The deletion of ${d.tenantName} was canceled`,
        heading: 'Deletion canceled',
        paragraphs: [`${d.canceledBy} canceled the scheduled deletion of ${d.tenantName}. Nothing was deleted.`],
        action: { label: 'Open DealershipAI', url: link('/dashboard') },
        reason: `You are receiving this because you are an owner of ${d.tenantName} on DealershipAI.`,
      };
    }
    case 'verify_email': {
      const d = data as z.output<(typeof TEMPLATE_DATA)['verify_email']>;
      return {
        subject: 'Confirm your email address for DealershipAI',
        heading: 'Confirm your email address',
        paragraphs: [
          `Hello ${d.name}, please confirm that this address is yours by opening the link below. It works once, until ${formatDateTime(d.expiresAt)} (UTC).`,
        ],
        action: { label: 'Confirm my email address', url: d.verifyUrl },
        after: ['If you did not create a DealershipAI account, ignore this email: nothing happens until the link is opened.'],
        reason: 'You are receiving this because this address was used to create a DealershipAI account.',
      };
    }
    case 'welcome': {
      const d = data as z.output<(typeof TEMPLATE_DATA)['welcome']>;
      return {
        subject: 'Welcome to DealershipAI',
        heading: `Welcome, ${d.name}`,
        paragraphs: [
          `DealershipAI shows how visible ${d.tenantName ?? 'your dealerships'} ${d.tenantName ? 'is' : 'are'} to AI answer engines such as ChatGPT, Perplexity, Gemini and Google AI Overviews, and what to fix first.`,
          'Add a dealership and run its first scan: it reads the website the way AI crawlers do and takes about a minute.',
        ],
        action: { label: 'Open your dashboard', url: link('/dashboard') },
        reason: 'You are receiving this because you created a DealershipAI account.',
      };
    }
  }
  throw new Error(`unknown email template: ${String(template)}`);
}

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const escapeHtml = (s: string) => s.replace(/[&<>"']/g, (c) => ESCAPES[c]!);

// Colours: text #0f172a on white (17:1), secondary #334155 (10:1), button white on #1d4ed8 (6.7:1).
const FONT = "-apple-system, BlinkMacSystemFont, 'Segoe UI', Roboto, Helvetica, Arial, sans-serif";
const P = 'margin:0 0 16px;font-size:16px;line-height:1.5;color:#0f172a';
const SMALL = 'margin:0 0 16px;font-size:14px;line-height:1.5;color:#334155';
const anchor = (url: string) => `<a href="${escapeHtml(url)}" style="color:#1d4ed8;word-break:break-all">${escapeHtml(url)}</a>`;

function html(m: Message, appUrl: string): string {
  const e = escapeHtml;
  const facts = m.facts?.length
    ? `<table role="presentation" style="border-collapse:collapse;margin:0 0 20px">${m.facts
        .map(
          ([label, value]) =>
            `<tr><th scope="row" style="text-align:left;padding:4px 16px 4px 0;font-weight:600;font-size:15px;color:#334155">${e(label)}</th><td style="padding:4px 0;font-size:15px;color:#0f172a">${e(value)}</td></tr>`,
        )
        .join('')}</table>`
    : '';
  const action = m.action
    ? `<p style="margin:8px 0 24px"><a href="${e(m.action.url)}" style="display:inline-block;background:#1d4ed8;color:#ffffff;font-weight:600;font-size:16px;padding:12px 20px;border-radius:6px;text-decoration:none">${e(m.action.label)}</a></p>` +
      `<p style="${SMALL}">If the button does not work, copy this address into your browser:<br>${anchor(m.action.url)}</p>`
    : '';
  const links = (m.links ?? []).map((l) => `<p style="${P}">${e(l.label)}:<br>${anchor(l.url)}</p>`);
  return [
    '<!doctype html>',
    '<html lang="en" dir="ltr">',
    '<head>',
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1">',
    '<meta name="color-scheme" content="light">',
    `<title>${e(m.subject)}</title>`,
    '</head>',
    `<body style="margin:0;padding:0;background:#ffffff;color:#0f172a;font-family:${FONT}">`,
    // Webmail shows this inside its own page: an article landmark, not <main>.
    `<div role="article" aria-roledescription="email" aria-label="${e(m.subject)}" lang="en" style="max-width:560px;margin:0 auto;padding:24px 20px">`,
    `<p style="margin:0 0 24px;font-size:15px;font-weight:700;color:#1e3a8a">DealershipAI</p>`,
    `<h1 style="margin:0 0 16px;font-size:22px;line-height:1.3;color:#0f172a">${e(m.heading)}</h1>`,
    ...m.paragraphs.map((p) => `<p style="${P}">${e(p)}</p>`),
    facts,
    action,
    ...links,
    ...(m.after ?? []).map((p) => `<p style="${P}">${e(p)}</p>`),
    `<footer style="margin:24px 0 0;padding:16px 0 8px;border-top:1px solid #cbd5e1">`,
    `<p style="margin:0 0 8px;font-size:13px;line-height:1.5;color:#334155">${e(m.reason)}</p>`,
    `<p style="margin:0;font-size:13px;line-height:1.5;color:#334155">DealershipAI · <a href="${e(appUrl)}" style="color:#1d4ed8">${e(appUrl)}</a></p>`,
    '</footer>',
    '</div>',
    '</body>',
    '</html>',
  ]
    .filter(Boolean)
    .join('\n');
}

function text(m: Message, appUrl: string): string {
  const blocks: string[] = [m.heading, ...m.paragraphs];
  if (m.facts?.length) blocks.push(m.facts.map(([label, value]) => `${label}: ${value}`).join('\n'));
  if (m.action) blocks.push(`${m.action.label}:\n${m.action.url}`);
  for (const l of m.links ?? []) blocks.push(`${l.label}:\n${l.url}`);
  blocks.push(...(m.after ?? []));
  blocks.push(`-- \n${m.reason}\nDealershipAI · ${appUrl}`);
  return `${blocks.join('\n\n')}\n`;
}

/**
 * Renders a template to subject, text and HTML. Throws (ZodError) on invalid data: a broken
 * email is a bug in the caller and must fail its transaction, not reach a customer.
 */
export function renderEmail<K extends TemplateName>(
  template: K,
  data: TemplateData[K],
  options: { appUrl?: string } = {},
): RenderedEmail {
  const schema = TEMPLATE_DATA[template];
  if (!schema) throw new Error(`unknown email template: ${String(template)}`);
  const parsed = schema.parse(data) as z.output<(typeof TEMPLATE_DATA)[K]>;
  const appUrl = (options.appUrl ?? emailConfig().appUrl).replace(/\/+$/, '');
  const link = (path: string) => `${appUrl}${path}`;
  const m = compose(template, parsed, link);
  const subject = oneLine(m.subject).slice(0, 200);
  return { subject, text: text({ ...m, subject }, appUrl), html: html({ ...m, subject }, appUrl) };
}
