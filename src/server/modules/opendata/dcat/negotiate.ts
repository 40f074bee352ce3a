/**
 * HTTP content negotiation (RFC 9110 §12.5.1): the offer whose most specific matching media range has the
 * highest q wins; ties go to the server's order. No Accept header accepts anything.
 */

interface MediaRange {
  type: string;
  subtype: string;
  q: number;
  /** 0 for star/star, 1 for type/star, 2 for type/subtype (more parameters do not count here). */
  specificity: number;
}

export function parseAccept(header: string | undefined): MediaRange[] {
  if (!header || !header.trim()) return [{ type: '*', subtype: '*', q: 1, specificity: 0 }];
  const ranges: MediaRange[] = [];
  for (const part of header.split(',')) {
    const [mediaRange, ...parameters] = part.split(';').map((piece) => piece.trim());
    const match = /^([!#$%&'*+.^_`|~0-9A-Za-z-]+)\/([!#$%&'*+.^_`|~0-9A-Za-z-]+)$/.exec(mediaRange ?? '');
    if (!match) continue;
    const [, type, subtype] = match;
    if (type === '*' && subtype !== '*') continue;
    let q = 1;
    for (const parameter of parameters) {
      const [name, value] = parameter.split('=').map((piece) => piece.trim());
      if (name?.toLowerCase() === 'q') {
        const parsed = Number(value);
        q = Number.isFinite(parsed) ? Math.min(1, Math.max(0, parsed)) : 0;
      }
    }
    ranges.push({ type: type.toLowerCase(), subtype: subtype.toLowerCase(), q, specificity: type === '*' ? 0 : subtype === '*' ? 1 : 2 });
  }
  return ranges;
}

function qualityOf(offer: string, ranges: MediaRange[]): number {
  const [type, subtype] = offer.toLowerCase().split('/');
  let best: MediaRange | null = null;
  for (const range of ranges) {
    const matches = (range.type === '*' || range.type === type) && (range.subtype === '*' || range.subtype === subtype);
    if (matches && (!best || range.specificity > best.specificity || (range.specificity === best.specificity && range.q > best.q))) best = range;
  }
  return best ? best.q : 0;
}

/** The preferred offer (media types in the server's order of preference), or null when none is acceptable. */
export function negotiate<T extends string>(header: string | undefined, offers: readonly T[]): T | null {
  const ranges = parseAccept(header);
  let chosen: T | null = null;
  let chosenQ = 0;
  for (const offer of offers) {
    const q = qualityOf(offer, ranges);
    if (q > chosenQ) {
      chosen = offer;
      chosenQ = q;
    }
  }
  return chosen;
}
