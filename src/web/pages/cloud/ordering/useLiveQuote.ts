// The live price of the configuration being edited: asks POST /offerings/:id/quote a moment after the last change
// (debounced, so typing "16" asks once), and only the latest answer counts. Problems the server finds in the
// parameters come back by parameter name for the form; anything else as one message.
import { useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../api/client';
import { useApiError } from '../../../components/useApiError';
import { useI18n } from '../../../i18n';
import { catalogApi } from '../cloudApi';
import type { Quote } from '../types';
import { parameterErrors } from '../schema-form/schema';

export const QUOTE_DEBOUNCE_MS = 400;

export interface LiveQuote {
  quote: Quote | null;
  /** the parameters with the schema's defaults applied, as the server will store them */
  parameters: Record<string, unknown> | null;
  loading: boolean;
  errors: Record<string, string>;
  problem: string | null;
}

export function useLiveQuote(offeringId: string | undefined, parameters: Record<string, unknown>, skip = false): LiveQuote {
  const { errorMessage } = useI18n();
  const { fieldErrorText } = useApiError();
  const [state, setState] = useState<LiveQuote>({ quote: null, parameters: null, loading: false, errors: {}, problem: null });
  const ticket = useRef(0);
  // The effect depends on the parameters' content, not on the object's identity.
  const key = JSON.stringify(parameters);

  useEffect(() => {
    if (!offeringId || skip) {
      setState((previous) => ({ ...previous, loading: false }));
      return;
    }
    const mine = ++ticket.current;
    setState((previous) => ({ ...previous, loading: true }));
    const timer = setTimeout(() => {
      catalogApi
        .quote(offeringId, JSON.parse(key) as Record<string, unknown>)
        .then((answer) => {
          if (mine !== ticket.current) return;
          setState({ quote: answer.quote, parameters: answer.parameters, loading: false, errors: {}, problem: null });
        })
        .catch((e: unknown) => {
          if (mine !== ticket.current) return;
          const errors = e instanceof ApiError ? parameterErrors(e.errors, fieldErrorText) : {};
          setState({ quote: null, parameters: null, loading: false, errors, problem: errorMessage(e) });
        });
    }, QUOTE_DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [offeringId, key, skip, errorMessage, fieldErrorText]);

  return state;
}
