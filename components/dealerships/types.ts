/** The dealership fields the form edits (the API's public shape, src/dealerships). */
export type DealershipValues = {
  id: string;
  name: string;
  websiteUrl: string;
  address: string | null;
  city: string | null;
  state: string | null;
  zip: string | null;
  phone: string | null;
  brands: string[];
  monthlyUsedUnitSales: number | null;
  avgFrontEndGross: number | null;
};
