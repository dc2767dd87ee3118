export { sendEmail, type EmailMessage } from './outbox';
export {
  deliverDueEmails,
  retryDelaySeconds,
  messageIdFor,
  MAX_ATTEMPTS,
  RETRY_DELAYS_SECONDS,
  LEASE_SECONDS,
  SEND_TIMEOUT_MS,
  type DeliveryResult,
  type DeliveryMode,
} from './deliver';
export { registerEmailWorker, wakeEmailWorker } from './worker';
export { renderEmail, escapeHtml, TEMPLATE_NAMES, type TemplateName, type TemplateData, type RenderedEmail } from './templates';
export { emailConfig, DEFAULT_EMAIL_FROM } from './config';
export { listMailbox, type MailboxEntry } from './mailbox';
