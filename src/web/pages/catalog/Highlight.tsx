// Marks the query terms inside a text. The text is rendered as React text nodes only — never as HTML —
// so a name that contains markup or a script shows up literally.
import type { ReactNode } from 'react';

const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const SEPARATORS = /[\s,，;；、。.!！?？"'“”‘’()（）[\]【】<>《》]+/;

const HIGHLIGHT_STYLE = { padding: 0, color: 'inherit', background: '#ffe58f' };

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * Words to mark for a query. The server segments Chinese with a dictionary; the browser has none, so a
 * Chinese run longer than two characters also contributes its two-character pieces (户籍人口 → 户籍, 籍人, 人口),
 * which marks the words the server most likely matched.
 */
export function highlightTerms(query: string): string[] {
  const terms = new Set<string>();
  for (const token of query.split(SEPARATORS)) {
    if (!token) continue;
    terms.add(token);
    if (token.length > 2 && CJK.test(token)) {
      for (let i = 0; i + 2 <= token.length; i++) {
        const piece = token.slice(i, i + 2);
        if (CJK.test(piece[0]) && CJK.test(piece[1])) terms.add(piece);
      }
    }
  }
  // Longest first, so that a whole word wins over its pieces in the alternation.
  return [...terms].sort((a, b) => b.length - a.length);
}

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
