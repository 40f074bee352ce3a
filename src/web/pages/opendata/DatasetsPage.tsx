// STUB (lead): the open data console part replaces this page.
export function DatasetsPage() {
  return null;
}
