import { NotFoundState } from '../components/PageState';

export default function NotFoundPage() {
  return <NotFoundState />;
}
