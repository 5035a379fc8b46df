import { describe, expect, it } from 'vitest';
import { buildPath, createMemoryHistory, matchPath, matchRoutes } from './index';

describe('matchPath', () => {
  it('matches literal segments, ignoring trailing slashes', () => {
    expect(matchPath('/admin', '/admin')).toEqual({});
    expect(matchPath('/admin', '/admin/')).toEqual({});
    expect(matchPath('/', '/')).toEqual({});
    expect(matchPath('/admin/inbox', '/admin/inboxes')).toBeNull();
    expect(matchPath('/admin', '/admin/inbox')).toBeNull();
  });

  it('captures and decodes :params', () => {
    expect(matchPath('/donate/:campaign', '/donate/school%20meals')).toEqual({ campaign: 'school meals' });
    expect(matchPath('/track/:receipt/:step', '/track/r1/2')).toEqual({ receipt: 'r1', step: '2' });
  });

  it('matches nothing for a malformed escape instead of throwing', () => {
    expect(matchPath('/donate/:campaign', '/donate/%E0%A4%A')).toBeNull();
  });
});

describe('matchRoutes', () => {
  const routes = [
    { id: 'home', path: '/' },
    { id: 'campaign', path: '/campaigns/:slug' },
  ] as const;

  it('returns the first matching route with its params', () => {
    expect(matchRoutes(routes, '/campaigns/water')).toEqual({ id: 'campaign', params: { slug: 'water' } });
    expect(matchRoutes(routes, '/')).toEqual({ id: 'home', params: {} });
    expect(matchRoutes(routes, '/nowhere')).toBeNull();
  });
});

describe('buildPath', () => {
  it('fills and encodes params', () => {
    expect(buildPath('/donate/:campaign', { campaign: 'a b/c' })).toBe('/donate/a%20b%2Fc');
    expect(() => buildPath('/donate/:campaign')).toThrow(/campaign/);
  });
});

describe('createMemoryHistory', () => {
  it('pushes, replaces and notifies subscribers', () => {
    const history = createMemoryHistory('/admin/');
    const seen: string[] = [];
    const unsubscribe = history.subscribe(() => seen.push(history.pathname()));
    history.push('/admin/inbox?x=1');
    history.replace('/admin/ledger');
    unsubscribe();
    history.push('/admin/settings');
    expect(seen).toEqual(['/admin/inbox', '/admin/ledger']);
    expect(history.entries).toEqual(['/admin/', '/admin/ledger', '/admin/settings']);
  });
});
