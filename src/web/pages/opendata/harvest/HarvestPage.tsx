// STUB (lead): the harvest part replaces this page.
export function HarvestPage() {
  return null;
}
