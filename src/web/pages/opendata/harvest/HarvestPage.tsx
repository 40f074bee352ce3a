// 数据汇聚 (the cascade district → city): the harvest sources, and one source's runs.
import { Route, Routes } from 'react-router-dom';
import { SourceDetail } from './SourceDetail';
import { SourcesView } from './SourcesView';

export function HarvestPage() {
  return (
    <Routes>
      <Route index element={<SourcesView />} />
      <Route path=":id" element={<SourceDetail />} />
    </Routes>
  );
}
