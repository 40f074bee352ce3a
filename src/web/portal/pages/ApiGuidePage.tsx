// The API guide: the CKAN-compatible Action API (what existing CKAN clients and harvesters speak), the DCAT-AP
// catalog, the records API and downloads, each with examples that work against this portal as they are.
import { Link } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { CodeExample } from '../components/CodeExample';
import { PageHead } from '../components/PageHead';

const CKAN_ACTIONS = [
  'status_show',
  'package_list',
  'package_search',
  'package_show',
  'resource_show',
  'organization_list',
  'organization_show',
  'group_list',
  'group_show',
  'tag_list',
  'license_list',
  'datastore_search',
];

export default function ApiGuidePage() {
  const { t } = useI18n();
  const base = window.location.origin;
  const q = encodeURIComponent('空气质量');
  return (
    <>
      <PageHead title={t('portal.apiGuide.title')} description={t('portal.apiGuide.description')} />
      <h1 className="zsp-page-title">{t('portal.apiGuide.title')}</h1>
      <p className="zsp-lead">{t('portal.apiGuide.lead')}</p>

      <nav className="zsp-panel" aria-labelledby="zsp-api-toc">
        <h2 id="zsp-api-toc" className="zsp-section-title">
          {t('portal.apiGuide.toc')}
        </h2>
        <ul className="zs-plain-list">
          <li>
            <a href="#zsp-api-ckan">{t('portal.apiGuide.ckan.title')}</a>
          </li>
          <li>
            <a href="#zsp-api-dcat">{t('portal.apiGuide.dcat.title')}</a>
          </li>
          <li>
            <a href="#zsp-api-records">{t('portal.apiGuide.records.title')}</a>
          </li>
          <li>
            <a href="#zsp-api-limits">{t('portal.apiGuide.limits.title')}</a>
          </li>
        </ul>
      </nav>

      <section className="zsp-panel" aria-labelledby="zsp-api-ckan" data-testid="portal-api-guide-ckan">
        <h2 id="zsp-api-ckan" className="zsp-section-title">
          {t('portal.apiGuide.ckan.title')}
        </h2>
        <p>{t('portal.apiGuide.ckan.lead')}</p>
        <p>{t('portal.apiGuide.ckan.envelope')}</p>
        <div className="zsp-table-wrap">
          <table className="zsp-table">
            <caption className="zsp-visually-hidden">{t('portal.apiGuide.ckan.actions')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('portal.apiGuide.ckan.action')}</th>
                <th scope="col">{t('portal.apiGuide.ckan.purpose')}</th>
              </tr>
            </thead>
            <tbody>
              {CKAN_ACTIONS.map((action) => (
                <tr key={action}>
                  <td>
                    <code>{action}</code>
                  </td>
                  <td>{t(`portal.apiGuide.ckan.action.${action}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3 style={{ fontSize: 16, marginTop: 20 }}>{t('portal.apiGuide.examples')}</h3>
        <CodeExample headingLevel={4} title={t('portal.apiGuide.ckan.exSearch')} code={`curl '${base}/api/3/action/package_search?q=${q}&rows=5'`} />
        <CodeExample
          headingLevel={4}
          title={t('portal.apiGuide.ckan.exFacets')}
          code={`curl '${base}/api/3/action/package_search?fq=res_format:CSV&facet.field=["organization","groups"]&rows=0'`}
        />
        <CodeExample headingLevel={4} title={t('portal.apiGuide.ckan.exShow')} code={`curl '${base}/api/3/action/package_show?id=<name>'`} />
        <CodeExample
          headingLevel={4}
          title={t('portal.apiGuide.ckan.exDatastore')}
          code={`curl '${base}/api/3/action/datastore_search?resource_id=<resource id>&limit=5'\n\ncurl -X POST '${base}/api/3/action/datastore_search' \\\n  -H 'Content-Type: application/json' \\\n  -d '{"resource_id": "<resource id>", "filters": {"<column>": "<value>"}, "sort": "<column> desc", "limit": 100}'`}
        />
        <CodeExample
          headingLevel={4}
          title={t('portal.apiGuide.ckan.exPython')}
          code={`from ckanapi import RemoteCKAN\n\nportal = RemoteCKAN('${base}')\nresult = portal.action.package_search(q='空气质量', rows=10)\nfor dataset in result['results']:\n    print(dataset['name'], dataset['title'])`}
        />
      </section>

      <section className="zsp-panel" aria-labelledby="zsp-api-dcat" data-testid="portal-api-guide-dcat">
        <h2 id="zsp-api-dcat" className="zsp-section-title">
          {t('portal.apiGuide.dcat.title')}
        </h2>
        <p>{t('portal.apiGuide.dcat.lead')}</p>
        <ul className="zs-plain-list">
          <li>
            <a href="/catalog.jsonld">
              <code>/catalog.jsonld</code>
            </a>
            , <code>/catalog.ttl</code>, <code>/catalog.rdf</code> — {t('portal.apiGuide.dcat.catalog')}
          </li>
          <li>
            <code>/dataset/&lt;name&gt;.jsonld</code>, <code>.ttl</code>, <code>.rdf</code> — {t('portal.apiGuide.dcat.dataset')}
          </li>
          <li>{t('portal.apiGuide.dcat.negotiation')}</li>
          <li>{t('portal.apiGuide.dcat.paging')}</li>
        </ul>
        <h3 style={{ fontSize: 16, marginTop: 20 }}>{t('portal.apiGuide.examples')}</h3>
        <CodeExample headingLevel={4} title={t('portal.apiGuide.dcat.exCatalog')} code={`curl '${base}/catalog.ttl?modified_since=2025-01-01T00:00:00Z'`} />
        <CodeExample headingLevel={4} title={t('portal.apiGuide.dcat.exNegotiate')} code={`curl -H 'Accept: application/ld+json' '${base}/dataset/<name>'`} />
      </section>

      <section className="zsp-panel" aria-labelledby="zsp-api-records" data-testid="portal-api-guide-records">
        <h2 id="zsp-api-records" className="zsp-section-title">
          {t('portal.apiGuide.records.title')}
        </h2>
        <p>{t('portal.apiGuide.records.lead')}</p>
        <div className="zsp-table-wrap">
          <table className="zsp-table">
            <caption className="zsp-visually-hidden">{t('portal.apiGuide.records.params')}</caption>
            <thead>
              <tr>
                <th scope="col">{t('portal.apiGuide.param')}</th>
                <th scope="col">{t('portal.apiGuide.meaning')}</th>
              </tr>
            </thead>
            <tbody>
              {['filters', 'q', 'sort', 'limit', 'offset', 'version'].map((param) => (
                <tr key={param}>
                  <td>
                    <code>{param}</code>
                  </td>
                  <td>{t(`portal.apiGuide.records.param.${param}`)}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <h3 style={{ fontSize: 16, marginTop: 20 }}>{t('portal.apiGuide.examples')}</h3>
        <CodeExample
          headingLevel={4}
          title={t('portal.apiGuide.records.exRecords')}
          code={`curl -G '${base}/api/v1/open/datasets/<name>/records' \\\n  --data-urlencode 'filters={"<column>":"<value>"}' \\\n  --data-urlencode 'sort=<column> desc' \\\n  --data-urlencode 'limit=100'`}
        />
        <CodeExample
          headingLevel={4}
          title={t('portal.apiGuide.records.exDownload')}
          code={`curl -OJ '${base}/api/v1/open/datasets/<name>/download?format=csv'\ncurl -OJ '${base}/api/v1/open/datasets/<name>/download?format=xlsx&version=2'`}
        />
        <CodeExample headingLevel={4} title={t('portal.apiGuide.records.exSearch')} code={`curl '${base}/api/v1/open/search?q=${q}&theme=environment&sort=modified&page=1&pageSize=20'`} />
        <p>
          {t('portal.apiGuide.records.openapi')} <a href="/docs">/docs</a>
        </p>
      </section>

      <section className="zsp-panel" aria-labelledby="zsp-api-limits">
        <h2 id="zsp-api-limits" className="zsp-section-title">
          {t('portal.apiGuide.limits.title')}
        </h2>
        <ul className="zs-plain-list">
          <li>{t('portal.apiGuide.limits.free')}</li>
          <li>{t('portal.apiGuide.limits.conditional')}</li>
          <li>{t('portal.apiGuide.limits.caps')}</li>
          <li>{t('portal.apiGuide.limits.counting')}</li>
        </ul>
        <p>
          {t('portal.apiGuide.limits.missing')} <Link to="/portal/requests/new">{t('portal.nav.requestNew')}</Link>
        </p>
      </section>
    </>
  );
}
