/** The engagement part's error codes (the portal and the console localise by code). */
import { DomainError, conflict, forbidden, notFound, type FieldError } from '../../../platform/errors.js';

// ---------------------------------------------------------------- portal accounts

export const loginRequired = () => new DomainError('portal.login_required', 401, 'Log in to the portal first.');

export const csrfInvalid = () => new DomainError('portal.csrf_invalid', 403, 'Missing or wrong X-Portal-CSRF header.');

export const invalidCredentials = () => new DomainError('portal.invalid_credentials', 401, 'The e-mail address or password is wrong.');

export const accountLocked = (lockedUntil: Date) =>
  new DomainError('portal.account_locked', 423, 'Too many failed logins: the account is locked for a while.', [], { lockedUntil: lockedUntil.toISOString() });

export const invalidEmail = () =>
  new DomainError('portal.invalid_email', 400, 'The e-mail address is not valid.', [{ pointer: '/email', code: 'portal.invalid_email', message: 'not a valid e-mail address' }]);

export const emailTaken = () =>
  conflict('portal.email_taken', 'An account with this e-mail address exists already.', [{ pointer: '/email', code: 'portal.email_taken', message: 'already registered' }]);

export const passwordPolicy = (errors: FieldError[]) => new DomainError('portal.password_policy', 400, 'The password does not meet the password policy.', errors);

export const rateLimited = (retryAfterSeconds: number) =>
  new DomainError('opendata.rate_limited', 429, 'Too many submissions from this address; try again later.', [], { retryAfter: retryAfterSeconds });

// ---------------------------------------------------------------- applications

export const datasetNotFound = () => notFound('opendata.dataset_not_found', 'No such dataset.');

export const notConditional = () => conflict('opendata.not_conditional', 'The dataset is open to everyone: there is nothing to apply for.');

export const harvested = () => conflict('opendata.harvested', 'The dataset was harvested from another portal: apply there.');

export const applicationPending = () => conflict('opendata.application_pending', 'An application for this dataset is waiting for a decision already.');

export const accessGranted = () => conflict('opendata.access_granted', 'You have access to this dataset already.');

export const applicationNotFound = () => notFound('opendata.application_not_found', 'No such application.');

export const applicationNotPending = (status: string) =>
  new DomainError('opendata.application_not_pending', 409, `The application is ${status}, not pending.`, [], { currentStatus: status });

export const notProvider = () => forbidden("Only the providing department's users or the data administrator may decide.", 'opendata.not_provider');

export const reasonRequired = () =>
  new DomainError('opendata.reason_required', 400, 'Give a reason.', [{ pointer: '/reason', code: 'validation.required', message: 'required' }]);

// ---------------------------------------------------------------- data requests

export const requestNotFound = () => notFound('opendata.request_not_found', 'No such dataset request.');

export const departmentNotFound = () =>
  new DomainError('opendata.department_not_found', 400, 'No such department.', [{ pointer: '/departmentId', code: 'opendata.department_not_found', message: 'unknown department' }]);

export const requestClosed = (status: string) =>
  new DomainError('opendata.request_closed', 409, `The request has been answered as ${status} already.`, [], { currentStatus: status });

export const notRequestOwner = () => forbidden("Only the department the request is addressed to, or the data administrator, may answer it.", 'opendata.not_addressee');

export const answerRequired = () =>
  new DomainError('opendata.answer_required', 400, 'Say why the request is declined.', [{ pointer: '/answer', code: 'validation.required', message: 'required' }]);

export const datasetNameRequired = () =>
  new DomainError('opendata.dataset_required', 400, 'Name the dataset the request became.', [{ pointer: '/datasetName', code: 'validation.required', message: 'required' }]);

export const answerDatasetNotFound = () =>
  new DomainError('opendata.dataset_not_found', 400, 'No such dataset.', [{ pointer: '/datasetName', code: 'opendata.dataset_not_found', message: 'unknown dataset' }]);
