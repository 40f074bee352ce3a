// TEMPORARY: the placeholder of a cloud page not built yet (removed when every page exists).
import { Result } from 'antd';

export function ComingSoon() {
  return <Result status="info" title="…" />;
}
