import type { DealershipValues } from './types';

const number = new Intl.NumberFormat('en-US');
const dollars = new Intl.NumberFormat('en-US', { style: 'currency', currency: 'USD', maximumFractionDigits: 0 });

function Row({ label, children }: { label: string; children: React.ReactNode }) {
  return (
    <div className="py-3 sm:grid sm:grid-cols-3 sm:gap-4">
      <dt className="text-sm font-medium text-slate-600">{label}</dt>
      <dd className="mt-1 text-sm break-words text-slate-900 sm:col-span-2 sm:mt-0">{children}</dd>
    </div>
  );
}

const notProvided = <span className="text-slate-600">Not provided</span>;

export function DealershipDetails({ dealership: d }: { dealership: DealershipValues }) {
  const address = [d.address, [d.city, d.state].filter(Boolean).join(', '), d.zip].filter(Boolean).join(' · ');
  return (
    <dl className="divide-y divide-slate-200">
      <Row label="Website">
        <a href={d.websiteUrl} className="font-medium text-blue-700 underline hover:text-blue-900" rel="noopener noreferrer" target="_blank">
          {d.websiteUrl}
          <span className="sr-only"> (opens in a new tab)</span>
        </a>
      </Row>
      <Row label="Address">{address || notProvided}</Row>
      <Row label="Phone">{d.phone || notProvided}</Row>
      <Row label="Brands">{d.brands.length > 0 ? d.brands.join(', ') : notProvided}</Row>
      <Row label="Used units sold per month">{d.monthlyUsedUnitSales === null ? notProvided : number.format(d.monthlyUsedUnitSales)}</Row>
      <Row label="Average front-end gross">{d.avgFrontEndGross === null ? notProvided : dollars.format(d.avgFrontEndGross)}</Row>
    </dl>
  );
}
