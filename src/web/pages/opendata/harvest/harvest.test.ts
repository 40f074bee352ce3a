// Pure logic of the harvesting pages and their messages in both languages.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../../../api/client';
import { localiseError } from '../../../i18n';
import harvest from '../../../i18n/messages/harvest';
import { durationSeconds, formatDuration, formValuesOf, inputOf, looksLikeCron, runKindOf, splitRunMessage } from './logic';
import type { HarvestSource } from './types';

describe('harvest messages', () => {
  it('have the same keys in zh-CN and en-US', () => {
    const zh = Object.keys(harvest['zh-CN']).sort();
    const en = Object.keys(harvest['en-US']).sort();
    expect(en.filter((key) => !zh.includes(key))).toEqual([]);
    expect(zh.filter((key) => !en.includes(key))).toEqual([]);
  });

  it('word the harvesting error codes', () => {
    expect(localiseError('zh-CN', new ApiError({ status: 409, code: 'opendata.harvest_running' }))).toBe('该汇聚源正在执行，请等待本次执行结束。');
    expect(localiseError('en-US', new ApiError({ status: 404, code: 'opendata.harvest_source_not_found' }))).toBe('No such harvest source.');
  });
});

describe('the source form', () => {
  it('sends only the settings of the chosen type, leaving empty fields to the server defaults', () => {
    expect(inputOf({ name: ' city ', title: ' 市平台 ', type: 'ckan', url: ' https://a.example/ ', schedule: ' 0  2 * * * ', enabled: true, fq: ' ', fullEvery: 7, rows: null, format: 'jsonld', timeoutSeconds: null })).toEqual({
      name: 'city', title: '市平台', type: 'ckan', url: 'https://a.example/', schedule: '0 2 * * *', enabled: true, config: { fullEvery: 7 },
    });
    expect(inputOf({ name: 'c', title: 't', type: 'dcat', url: 'https://a.example/catalog.ttl', schedule: '', enabled: false, fq: 'x', fullEvery: 3, format: 'turtle', timeoutSeconds: 60 })).toEqual({
      name: 'c', title: 't', type: 'dcat', url: 'https://a.example/catalog.ttl', schedule: null, enabled: false, config: { format: 'turtle', timeoutSeconds: 60 },
    });
  });

  it('round-trips a stored source through the form', () => {
    const source = {
      id: 'x', name: 'city', title: '市平台', type: 'ckan', url: 'https://a.example/', schedule: null, enabled: true, config: { fq: 'organization:a', rows: 50 },
    } as unknown as HarvestSource;
    expect(inputOf(formValuesOf(source))).toEqual({ name: 'city', title: '市平台', type: 'ckan', url: 'https://a.example/', schedule: null, enabled: true, config: { fq: 'organization:a', rows: 50 } });
  });

  it('checks the shape of a cron expression', () => {
    expect(looksLikeCron('0 2 * * *')).toBe(true);
    expect(looksLikeCron('0 2 * *')).toBe(false);
  });
});

describe('runs', () => {
  it('split the error code off a failed run\'s message', () => {
    expect(splitRunMessage('opendata.harvest_timeout: http://a did not answer within 30 s.')).toEqual({ code: 'opendata.harvest_timeout', text: 'http://a did not answer within 30 s.' });
    expect(splitRunMessage('Full run: 3 datasets at the source.')).toEqual({ code: null, text: 'Full run: 3 datasets at the source.' });
    expect(splitRunMessage(null)).toEqual({ code: null, text: '' });
  });

  it('name the kind of run from the server\'s message', () => {
    expect(runKindOf('Full run: 3 datasets at the source.')).toEqual({ key: 'harvest.message.full', vars: { n: 3 } });
    expect(runKindOf('Full run: 12 datasets in the catalog.')).toEqual({ key: 'harvest.message.full', vars: { n: 12 } });
    expect(runKindOf('Incremental run: datasets modified since 2024-01-02T00:59:00.000Z.')).toEqual({ key: 'harvest.message.incremental', vars: { since: '2024-01-02T00:59:00.000Z' } });
    expect(runKindOf('Full run: the source changed while it was listed, so deletions wait for the next full run.')?.key).toBe('harvest.message.fullChanged');
    expect(runKindOf('opendata.harvest_timeout: x')).toBeNull();
  });

  it('show how long a run took', () => {
    expect(durationSeconds({ startedAt: '2024-01-01T00:00:00Z', finishedAt: '2024-01-01T00:01:05Z' })).toBe(65);
    expect(durationSeconds({ startedAt: '2024-01-01T00:00:00Z', finishedAt: null }, Date.parse('2024-01-01T00:00:10Z'))).toBe(10);
    const units = { h: 'h', min: 'min', s: 's' };
    expect(formatDuration(65, units)).toBe('1 min 5 s');
    expect(formatDuration(3725, units)).toBe('1 h 2 min');
    expect(formatDuration(4, units)).toBe('4 s');
  });
});
