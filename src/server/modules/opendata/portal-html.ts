/**
 * Portal pages as the server sends them: the console's index.html (the SPA renders the page) with the page's
 * title, description and schema.org markup already in <head>, so search engines and link previews that do not
 * run scripts still see what the page is about.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { FastifyReply } from 'fastify';
import { WEB_ROOT } from '../../platform/http/server.js';

export interface PageHead {
  title: string;
  description: string;
  /** A schema.org object (e.g. a Dataset), written as application/ld+json. */
  jsonLd?: Record<string, unknown> | null;
  /** Alternate representations (e.g. the dataset's DCAT in Turtle). */
  alternates?: Array<{ type: string; href: string }>;
}

const escapeHtml = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** JSON inside <script> must not close the element: escape '<' (and the line separators JSON allows). */
const scriptJson = (value: unknown): string =>
  JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');

let cached: { mtimeMs: number; html: string } | null = null;

function indexHtml(webRoot: string): string | null {
  const file = path.join(webRoot, 'index.html');
  let stat: fs.Stats;
  try {
    stat = fs.statSync(file);
  } catch {
    return null;
  }
  if (!cached || cached.mtimeMs !== stat.mtimeMs) cached = { mtimeMs: stat.mtimeMs, html: fs.readFileSync(file, 'utf8') };
  return cached.html;
}

export function renderPortalHtml(head: PageHead, webRoot = WEB_ROOT): string {
  const tags = [
    `<meta name="description" content="${escapeHtml(head.description)}">`,
    `<meta property="og:title" content="${escapeHtml(head.title)}">`,
    `<meta property="og:description" content="${escapeHtml(head.description)}">`,
    ...(head.alternates ?? []).map((alternate) => `<link rel="alternate" type="${escapeHtml(alternate.type)}" href="${escapeHtml(alternate.href)}">`),
    ...(head.jsonLd ? [`<script type="application/ld+json">${scriptJson(head.jsonLd)}</script>`] : []),
  ].join('\n    ');
  const title = `<title>${escapeHtml(head.title)}</title>`;
  const html = indexHtml(webRoot);
  if (!html) {
    // No console build (development, tests): a plain page that still carries the head.
    return `<!doctype html>\n<html lang="zh-CN">\n  <head>\n    <meta charset="UTF-8">\n    ${title}\n    ${tags}\n  </head>\n  <body><h1>${escapeHtml(head.title)}</h1><p>${escapeHtml(head.description)}</p></body>\n</html>\n`;
  }
  // The console's own description gives way to the page's.
  const page = html.replace(/\s*<meta name="description"[^>]*>/, '');
  const withTitle = /<title>[\s\S]*?<\/title>/.test(html) ? page.replace(/<title>[\s\S]*?<\/title>/, title) : page.replace('</head>', `  ${title}\n  </head>`);
  return withTitle.replace('</head>', `  ${tags}\n  </head>`);
}

export function sendPortalHtml(reply: FastifyReply, head: PageHead): FastifyReply {
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(renderPortalHtml(head));
}

/**
 * The console's index.html as it is (the SPA routes the page itself): for paths the console shares with a
 * machine-readable resource, such as /catalog (the console's catalog page, and the DCAT catalog).
 */
export function sendSpaIndex(reply: FastifyReply, webRoot = WEB_ROOT): FastifyReply {
  const html = indexHtml(webRoot)
    ?? '<!doctype html>\n<html lang="zh-CN"><head><meta charset="UTF-8"><title>中枢 Zhongshu</title></head><body><p>The console is not built: run npm run build.</p></body></html>\n';
  return reply.type('text/html; charset=utf-8').header('cache-control', 'no-cache').send(html);
}
