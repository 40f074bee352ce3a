/**
 * CKAN names (slugs) of published datasets and organisations: lower-case ASCII letters, digits and hyphens,
 * 2–100 characters (the CHECK of opendata_datasets.name). A dataset's name is chosen once and kept.
 */

/** "Farmers' cooperative registrations" → "farmers-cooperative-registrations" (at most `max` characters, cut at a hyphen). */
export function slugify(text: string | null | undefined, max = 80): string {
  const slug = (text ?? '')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/['’‘`]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  if (slug.length <= max) return slug;
  const cut = slug.slice(0, max);
  const hyphen = cut.lastIndexOf('-');
  return (hyphen >= max / 2 ? cut.slice(0, hyphen) : cut).replace(/-+$/, '');
}

/** The catalog code as a name part: "202001-000001" stays as it is; anything else is reduced to [a-z0-9-]. */
export function codePart(code: string): string {
  return code.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').replace(/^-+|-+$/g, '') || 'entry';
}

/** The slug of the English title plus the catalog code (unique by the code): "bus-stops-202001-000001". */
export function datasetName(nameEn: string | null | undefined, code: string): string {
  const suffix = codePart(code).slice(0, 60);
  const head = slugify(nameEn, Math.min(80, 99 - suffix.length));
  return head ? `${head}-${suffix}` : `dataset-${suffix}`;
}

/** A department's organisation name: the slug of its English name, else dept-<short code>. */
export function organizationBaseName(nameEn: string | null | undefined, shortCode: string): string {
  const slug = slugify(nameEn, 90);
  if (slug.length >= 2) return slug;
  return `dept-${codePart(shortCode)}`;
}

/** The first of base, base-<short code>, base-2, base-3 … that is not taken. */
export function uniqueName(base: string, taken: (name: string) => boolean, shortCode: string): string {
  if (!taken(base)) return base;
  const withCode = `${base}-${codePart(shortCode)}`.slice(0, 100);
  if (!taken(withCode)) return withCode;
  for (let index = 2; ; index++) {
    const candidate = `${base.slice(0, 95)}-${index}`;
    if (!taken(candidate)) return candidate;
  }
}
