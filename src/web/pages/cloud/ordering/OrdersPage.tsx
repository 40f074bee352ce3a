// /cloud/orders/* — the order list and one order's page.
import { Route, Routes } from 'react-router-dom';
import { OrderDetail } from './OrderDetail';
import { OrderList } from './OrderList';

export function OrdersPage() {
  return (
    <Routes>
      <Route index element={<OrderList />} />
      <Route path=":id" element={<OrderDetail />} />
    </Routes>
  );
}
