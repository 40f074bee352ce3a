// Which words of a query to mark in a result.
const CJK = /[\u3400-\u9fff\uf900-\ufaff]/;
const SEPARATORS = /[\s,，;；、。.!！?？"'“”‘’()（）[\]【】<>《》]+/;

export function escapeRegExp(text: string): string {
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
