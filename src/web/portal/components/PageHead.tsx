// A page's <title> and <meta name="description">, rendered where the page is (React 19 hoists both into
// <head>), and optional schema.org JSON-LD. The console's I18nProvider resets document.title when the language
// changes, after the pages' effects have run; so the title is asserted again once those effects are done, and
// the description tags that came with index.html (or that the server put in for a dataset page) are given the
// same text, so every reader of <head> sees one description.
import { useEffect } from 'react';
import { useI18n } from '../../i18n';

export function PageHead(props: { title: string; description: string }) {
  const { t, locale } = useI18n();
  const title = `${props.title} · ${t('portal.name')}`;
  const description = props.description.replace(/\s+/g, ' ').trim().slice(0, 300);

  useEffect(() => {
    let cancelled = false;
    queueMicrotask(() => {
      if (cancelled) return;
      if (document.title !== title) document.title = title;
      for (const meta of document.head.querySelectorAll<HTMLMetaElement>('meta[name="description"], meta[property="og:description"]')) {
        if (meta.content !== description) meta.content = description;
      }
      for (const meta of document.head.querySelectorAll<HTMLMetaElement>('meta[property="og:title"]')) {
        if (meta.content !== title) meta.content = title;
      }
    });
    return () => {
      cancelled = true;
    };
  }, [title, description, locale]);

  return (
    <>
      <title>{title}</title>
      <meta name="description" content={description} />
    </>
  );
}

/** JSON inside <script> must not end the element: '<' is escaped (JSON allows \u003c anywhere in strings). */
function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

export function JsonLd(props: { data: Record<string, unknown>; testId?: string }) {
  return <script type="application/ld+json" data-testid={props.testId} dangerouslySetInnerHTML={{ __html: scriptJson(props.data) }} />;
}
