// /cloud/catalog/* — the service catalog and one offering's order form.
import { Route, Routes } from 'react-router-dom';
import { CatalogBrowse } from './CatalogBrowse';
import { OfferingOrderPage } from './OfferingOrderPage';

export function CatalogPage() {
  return (
    <Routes>
      <Route index element={<CatalogBrowse />} />
      <Route path=":offeringId" element={<OfferingOrderPage />} />
    </Routes>
  );
}
