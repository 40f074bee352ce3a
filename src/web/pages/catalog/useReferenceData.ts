// Classification and department names in the current language. The server sends Chinese labels;
// English names come from the reference lists, so the console can switch language without a new search.
import { useEffect, useMemo, useState } from 'react';
import { useI18n } from '../../i18n';
import { loadClassifications, loadDepartments } from './catalogApi';
import type { Classification, Department } from './types';

export function useClassifications(): { classifications: Classification[]; loading: boolean; error: unknown } {
  const [classifications, setClassifications] = useState<Classification[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    let alive = true;
    loadClassifications()
      .then((list) => alive && setClassifications(list))
      .catch((e: unknown) => alive && setError(e))
      .finally(() => alive && setLoading(false));
    return () => {
      alive = false;
    };
  }, []);
  return { classifications, loading, error };
}

function useDepartments(): Department[] {
  const [departments, setDepartments] = useState<Department[]>([]);
  useEffect(() => {
    let alive = true;
    // Only used for English names; without the list the Chinese label from the server is shown.
    loadDepartments()
      .then((list) => alive && setDepartments(list))
      .catch(() => undefined);
    return () => {
      alive = false;
    };
  }, []);
  return departments;
}

export interface ReferenceNames {
  classificationName(code: string, fallback?: string | null): string;
  departmentName(id: string, fallback?: string | null): string;
  classifications: Classification[];
}

export function useReferenceNames(): ReferenceNames {
  const { locale } = useI18n();
  const { classifications } = useClassifications();
  const departments = useDepartments();
  return useMemo(() => {
    const english = locale === 'en-US';
    const classificationByCode = new Map(classifications.map((c) => [c.code, c]));
    const departmentById = new Map(departments.map((d) => [d.id, d]));
    return {
      classifications,
      classificationName(code, fallback) {
        const found = classificationByCode.get(code);
        if (!found) return fallback || code;
        return (english && found.nameEn) || found.name;
      },
      departmentName(id, fallback) {
        const found = departmentById.get(id);
        if (!found) return fallback || id;
        return (english && found.nameEn) || found.name;
      },
    };
  }, [locale, classifications, departments]);
}
