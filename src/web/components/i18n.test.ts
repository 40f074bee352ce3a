// Localisation: every key in both languages, placeholders, and how errors are worded.
import { describe, expect, it } from 'vitest';
import { ApiError } from '../api/client';
import { localiseError, translate } from '../i18n';
import catalog from '../i18n/messages/catalog';
import common from '../i18n/messages/common';
import directory from '../i18n/messages/directory';
import errors from '../i18n/messages/errors';
import exchange from '../i18n/messages/exchange';

describe('messages', () => {
  it.each(Object.entries({ common, directory, errors, catalog, exchange }))('%s has the same keys in zh-CN and en-US', (_, messages) => {
    const zh = Object.keys(messages['zh-CN']).sort();
    const en = Object.keys(messages['en-US']).sort();
    expect(en.filter((key) => !zh.includes(key))).toEqual([]);
    expect(zh.filter((key) => !en.includes(key))).toEqual([]);
  });

  it('fills placeholders and shows a missing key as the key itself', () => {
    expect(translate('zh-CN', 'common.total', { n: 5 })).toBe('共 5 条');
    expect(translate('en-US', 'common.total', { n: 5 })).toBe('5 in total');
    expect(translate('en-US', 'no.such.key')).toBe('no.such.key');
  });
});

describe('localiseError', () => {
  it('words an ApiError by its code, else by the server detail', () => {
    const wrongPassword = new ApiError({ status: 401, code: 'auth.invalid_credentials', detail: 'The username or password is wrong.' });
    expect(localiseError('zh-CN', wrongPassword)).toBe('用户名或密码错误。');
    const unknown = new ApiError({ status: 409, code: 'catalog.something_new', detail: 'Server words.' });
    expect(localiseError('en-US', unknown)).toBe('Server words.');
  });

  it('adds the request id to server faults, so people can quote it', () => {
    const fault = new ApiError({ status: 500, code: 'internal', requestId: 'req-42' });
    expect(localiseError('en-US', fault)).toBe('Something went wrong on the server. Please try again later. (request req-42)');
  });

  it('handles network failures and plain errors', () => {
    expect(localiseError('zh-CN', new ApiError({ status: 0, code: 'network' }))).toContain('无法连接服务器');
    expect(localiseError('en-US', new Error('boom'))).toBe('boom');
  });
});
