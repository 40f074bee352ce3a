// Marks the query terms inside a text. The text is rendered as React text nodes only — never as HTML —
// so a name that contains markup or a script shows up literally.
import type { ReactNode } from 'react';
import { escapeRegExp, highlightTerms } from './highlightTerms';

const HIGHLIGHT_STYLE = { padding: 0, color: 'inherit', background: '#ffe58f' };

export function Highlight({ text, query }: { text: string | null | undefined; query: string }): ReactNode {
  const value = text ?? '';
  const terms = highlightTerms(query);
  if (!value || terms.length === 0) return value;
  const pattern = new RegExp(`(${terms.map(escapeRegExp).join('|')})`, 'gi');
  const parts = value.split(pattern);
  return parts.map((part, index) =>
    // split() with one capture group puts the matches at the odd positions.
    index % 2 === 1 ? (
      <mark key={index} style={HIGHLIGHT_STYLE}>
        {part}
      </mark>
    ) : (
      part
    ),
  );
}
