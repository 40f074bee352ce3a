// Where to go after logging in: the page that sent the person here (?from=/dataset/x), if it is a page of
// this site; the account page otherwise.
export function returnPath(from: string | null): string {
  if (from && from.startsWith('/') && !from.startsWith('//') && !from.startsWith('/portal/login') && !from.startsWith('/portal/register')) return from;
  return '/portal/account';
}
