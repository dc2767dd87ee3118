import { defineRoute } from '@/src/access';
import { createPortal } from '@/src/billing';

export const POST = defineRoute({ permission: 'billing:manage', allowReadOnly: true }, async ({ tx, principal }) => createPortal(tx, principal));
