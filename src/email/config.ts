import { env } from '@/src/config/env';

export const DEFAULT_EMAIL_FROM = 'DealershipAI <no-reply@dealershipai.local>';

export type EmailConfig = {
  /** `smtp://user:pass@host:587` (STARTTLS when offered) or `smtps://user:pass@host:465`; unset = no SMTP. */
  smtpUrl: string | undefined;
  /** The From header: `Name <address>`. */
  from: string;
  /** Absolute base for every link in a message. */
  appUrl: string;
  production: boolean;
};

/** The one place email reads its settings (SMTP_URL, EMAIL_FROM, APP_URL); never logged. */
export function emailConfig(): EmailConfig {
  const e = env();
  return {
    smtpUrl: e.SMTP_URL?.trim() || undefined,
    from: e.EMAIL_FROM?.trim() || DEFAULT_EMAIL_FROM,
    appUrl: e.APP_URL,
    production: e.NODE_ENV === 'production',
  };
}

/** The domain of the From address (for Message-IDs), else APP_URL's host. */
export function senderDomain(config: Pick<EmailConfig, 'from' | 'appUrl'> = emailConfig()): string {
  const match = /@([A-Za-z0-9.-]+)\s*>?\s*$/.exec(config.from);
  return match?.[1] ?? new URL(config.appUrl).hostname;
}
