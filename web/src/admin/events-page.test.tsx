// The admin events list rendered to HTML: progress towards the goal, totals, dates, status, the public
// page and linked campaign, and publish/close controls only for roles that may change campaigns.
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import { ApiClient, type Campaign } from '../api';
import { EventsApi, type StaffEvent } from '../events/events-api';
import { I18nProvider, type Language } from '../i18n';
import { RouterProvider, createMemoryHistory } from '../router';
import { ApiProvider } from '../ui';
import { NAV_ITEMS } from './admin-routes';
import { EventsList, eventBody, fieldsOf } from './events-page';
import { SessionProvider } from './session';

const offline = new ApiClient({ fetch: () => Promise.reject(new Error('no network in tests')) });
const client = new EventsApi(offline);

function render(node: ReactNode, language: Language = 'en') {
  const user = { id: 'u1', email: 'ada@example.org', name: 'Ada', role: 'owner' as const, language };
  return renderToStaticMarkup(
    <I18nProvider initial={language} storage={undefined} languages={[]}>
      <RouterProvider history={createMemoryHistory('/admin/events')}>
        <ApiProvider client={offline}>
          <SessionProvider value={{ user, signOut: () => Promise.resolve(), expire: () => undefined }}>
            {node}
          </SessionProvider>
        </ApiProvider>
      </RouterProvider>
    </I18nProvider>,
  );
}
const text = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

const campaigns: Campaign[] = [
  {
    id: 'cmp_1',
    slug: 'acqua',
    name: 'Acqua per tutti',
    description: '',
    goalMinor: 100_000,
    raisedMinor: 0,
    currency: 'EUR',
    status: 'active',
    startsAt: null,
    endsAt: null,
  },
];
const event = (over: Partial<StaffEvent>): StaffEvent => ({
  id: 'evt_1',
  slug: 'run-for-water',
  title: { en: 'Run for Water 2026', it: 'Corri per l’acqua 2026' },
  description: '',
  kind: 'run',
  startsAt: '2026-05-01T00:00:00.000Z',
  endsAt: '2026-05-31T23:59:59.000Z',
  goalMetres: 1_000_000,
  campaignId: 'cmp_1',
  status: 'published',
  createdAt: '2026-04-01T00:00:00.000Z',
  updatedAt: '2026-04-01T00:00:00.000Z',
  totals: {
    participants: 12,
    activities: 40,
    distanceMetres: 250_500,
    durationSeconds: 90_000,
    goalMetres: 1_000_000,
  },
  url: 'http://localhost:3000/events/run-for-water',
  ...over,
});

describe('admin events page', () => {
  it('is in the navigation', () => {
    expect(NAV_ITEMS.some((item) => item.id === 'events' && item.href === '/admin/events')).toBe(true);
  });

  it('shows progress, totals, dates, status, the public page and the campaign', () => {
    const html = render(
      <EventsList
        events={[event({})]}
        campaigns={campaigns}
        client={client}
        canWrite={false}
        orgLanguage="it"
        onSaved={() => undefined}
      />,
    );
    expect(html).toContain('href="/events/run-for-water"');
    expect(html).toContain('role="progressbar"');
    expect(html).toContain('aria-valuenow="25"');
    const words = text(html);
    expect(words).toContain('Run for Water 2026');
    expect(words).toContain('250.5 km of 1,000 km');
    expect(words).toContain('Participants 12');
    expect(words).toContain('Published');
    expect(words).toContain('Linked campaign: Acqua per tutti');
    expect(words).toContain('May 1, 2026 – May 31, 2026');
    expect(words).not.toContain('Close event');
  });

  it('offers publish for a draft and close for a published event to roles that may; in Italian too', () => {
    const html = text(
      render(
        <EventsList
          events={[event({ id: 'evt_2', slug: 'draft-walk', status: 'draft', title: 'Walk' }), event({})]}
          campaigns={campaigns}
          client={client}
          canWrite
          orgLanguage="it"
          onSaved={() => undefined}
        />,
      ),
    );
    expect(html).toContain('Publish');
    expect(html).toContain('Close event');
    const italian = text(
      render(
        <EventsList
          events={[event({})]}
          campaigns={campaigns}
          client={client}
          canWrite
          orgLanguage="it"
          onSaved={() => undefined}
        />,
        'it',
      ),
    );
    expect(italian).toContain('Corri per l’acqua 2026');
    expect(italian).toContain('Chiudi evento');
    // Italian groups thousands only from five digits (CLDR).
    expect(italian).toContain('250,5 km su 1000 km');
  });

  it('turns the form into a request: days to instants, kilometres to metres, other languages to a map', () => {
    const fields = {
      slug: 'run',
      title: 'Corri',
      description: 'Dove vuoi',
      kind: 'run' as const,
      startsOn: '2026-05-01',
      endsOn: '2026-05-31',
      goal: '1000',
      campaignId: '',
      status: 'draft' as const,
      translations: { en: { title: 'Run', description: '' } },
    };
    expect(eventBody(fields, 'it')).toEqual({
      body: {
        slug: 'run',
        title: { it: 'Corri', en: 'Run' },
        description: { it: 'Dove vuoi' },
        kind: 'run',
        startsAt: '2026-05-01T00:00:00.000Z',
        endsAt: '2026-05-31T23:59:59.000Z',
        goalMetres: 1_000_000,
        campaignId: null,
        status: 'draft',
      },
    });
    expect(eventBody({ ...fields, translations: {} }, 'it')).toMatchObject({ body: { title: 'Corri' } });
    expect(eventBody({ ...fields, goal: 'lots' }, 'it')).toEqual({ error: 'events.invalidGoal' });
    expect(eventBody({ ...fields, endsOn: '2026-04-01' }, 'it')).toEqual({ error: 'events.invalidDates' });
  });

  it('reads a stored event back into the form, and the form gives the same event again', () => {
    const stored = event({
      description: { it: 'Corri dove vuoi', en: 'Run anywhere' },
      goalMetres: 1_000_500,
      startsAt: '2026-05-01T00:00:00.000Z',
      endsAt: '2026-05-31T23:59:59.000Z',
    });
    const fields = fieldsOf(stored, 'it');
    expect(fields).toMatchObject({
      slug: 'run-for-water',
      title: 'Corri per l’acqua 2026',
      description: 'Corri dove vuoi',
      startsOn: '2026-05-01',
      endsOn: '2026-05-31',
      goal: '1000.5',
      translations: { en: { title: 'Run for Water 2026', description: 'Run anywhere' } },
    });
    expect(eventBody(fields, 'it')).toMatchObject({
      body: {
        title: stored.title,
        description: stored.description,
        startsAt: stored.startsAt,
        endsAt: stored.endsAt,
        goalMetres: 1_000_500,
      },
    });
  });

  it('offers the edit form to roles that may, with the slug fixed and without the status', () => {
    const html = render(
      <EventsList
        events={[event({})]}
        campaigns={campaigns}
        client={client}
        canWrite
        orgLanguage="it"
        onSaved={() => undefined}
      />,
    );
    expect(text(html)).toContain('Edit event');
    const form = html.slice(html.indexOf('aria-label="Edit event"'));
    expect(form).toMatch(/value="run-for-water"[^>]*readOnly=""|readOnly=""[^>]*value="run-for-water"/);
    expect(form).toContain('value="Corri per l’acqua 2026"');
    expect(form).not.toContain('Status');
    expect(text(form)).toContain('Save changes');
  });
});
