import type { Metadata } from 'next';
import { HydrationMarker } from '@/components/HydrationMarker';
import { Vitals } from '@/components/vitals/Vitals';
import { ClerkScript } from '@/components/auth/ClerkScript';
import './globals.css';

// Every page is rendered per request: each carries the nonce of its own Content-Security-Policy.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'DealershipAI', template: '%s · DealershipAI' },
  description: 'How visible your dealerships are to AI answer engines, and what to fix.',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-white text-slate-900 antialiased">
        {children}
        <HydrationMarker />
        <Vitals />
        {/* Clerk mode only: keeps the Clerk session fresh in the browser (docs/auth.md). */}
        <ClerkScript />
      </body>
    </html>
  );
}
