// Multi-select of related entries, searching the catalog as the user types.
import { Select, Spin } from 'antd';
import { useEffect, useRef, useState } from 'react';
import { useI18n } from '../../i18n';
import { catalogApi } from './catalogApi';

interface RelatedCodesSelectProps {
  value?: string[];
  onChange?(value: string[]): void;
  /** The entry being edited, which cannot relate to itself. */
  excludeCode?: string;
}

const SEARCH_DELAY_MS = 300;

export function RelatedCodesSelect({ value = [], onChange, excludeCode }: RelatedCodesSelectProps) {
  const { t } = useI18n();
  const [options, setOptions] = useState<{ value: string; label: string }[]>([]);
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const seq = useRef(0);
  // Names of the codes already chosen, so tags show "code name" rather than a bare code once known.
  const [known, setKnown] = useState<Record<string, string>>({});

  useEffect(() => () => clearTimeout(timer.current), []);

  const search = (q: string) => {
    clearTimeout(timer.current);
    const term = q.trim();
    if (!term) {
      setOptions([]);
      return;
    }
    timer.current = setTimeout(() => {
      const mine = ++seq.current;
      setSearching(true);
      catalogApi
        .search({ q: term, pageSize: 20, status: 'published' })
        .then((answer) => {
          if (mine !== seq.current) return;
          const found = answer.data.filter((item) => item.code !== excludeCode);
          setKnown((previous) => ({ ...previous, ...Object.fromEntries(found.map((item) => [item.code, item.name])) }));
          setOptions(found.map((item) => ({ value: item.code, label: `${item.code} ${item.name}` })));
        })
        .catch(() => mine === seq.current && setOptions([]))
        .finally(() => mine === seq.current && setSearching(false));
    }, SEARCH_DELAY_MS);
  };

  const selectedOptions = value
    .filter((code) => !options.some((option) => option.value === code))
    .map((code) => ({ value: code, label: known[code] ? `${code} ${known[code]}` : code }));

  return (
    <Select
      mode="multiple"
      value={value}
      onChange={onChange}
      showSearch={{ filterOption: false, onSearch: search }}
      placeholder={t('catalog.form.relatedCodesPlaceholder')}
      notFoundContent={searching ? <Spin size="small" /> : t('catalog.form.relatedCodesEmpty')}
      options={[...selectedOptions, ...options]}
      data-testid="field-relatedCodes"
    />
  );
}
