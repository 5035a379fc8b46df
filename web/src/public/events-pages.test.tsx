// The public event pages rendered to HTML: the list, an event's page (progress, leaderboard of first
// names and initials, the campaign's donation link, the sign-up form with the server's wording) and the
// participant's page, in it/en/de.
import type { ReactNode } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { describe, expect, it } from 'vitest';
import type { EventPage, ParticipantPage, PublicEvent } from '../events/events-api';
import { I18nProvider, type Language } from '../i18n';
import { RouterProvider, createMemoryHistory } from '../router';
import { PUBLIC_ROUTES } from './public-routes';
import { matchRoutes } from '../router';
import { EventView, EventsListView, ParticipantView } from './events-pages';

function render(node: ReactNode, language: Language = 'en'): string {
  return renderToStaticMarkup(
    <I18nProvider initial={language} storage={undefined} languages={[]}>
      <RouterProvider history={createMemoryHistory('/events')}>{node}</RouterProvider>
    </I18nProvider>,
  );
}
const text = (html: string) => html.replace(/<[^>]*>/g, ' ').replace(/\s+/g, ' ');

const event: PublicEvent = {
  slug: 'run-for-water',
  title: 'Run for Water 2026',
  description: 'Run or walk at home, any distance.',
  kind: 'run',
  startsAt: '2026-05-01T00:00:00.000Z',
  endsAt: '2026-05-31T23:59:59.000Z',
  status: 'published',
  open: true,
  totals: {
    participants: 3,
    activities: 5,
    distanceMetres: 42_200,
    durationSeconds: 9000,
    goalMetres: 100_000,
  },
  url: 'http://localhost:3000/events/run-for-water',
};
const page: EventPage = {
  event,
  leaderboard: [
    { rank: 1, name: 'Maria R.', distanceMetres: 21_100, durationSeconds: 7380, activities: 1 },
    { rank: 2, name: null, distanceMetres: 5000, durationSeconds: 0, activities: 1 },
  ],
  campaign: {
    slug: 'acqua',
    name: 'Acqua per tutti',
    goalMinor: 100_000,
    raisedMinor: 25_000,
    currency: 'EUR',
    open: true,
  },
  consents: [{ channel: 'email', purpose: 'news', version: 'event-v1', wording: 'News by e-mail, please.' }],
};
const noSignUp = () => Promise.reject(new Error('not in this test'));

describe('public event pages', () => {
  it('route /events, /events/:slug and /events/me/:token', () => {
    expect(matchRoutes(PUBLIC_ROUTES, '/events')?.id).toBe('events');
    expect(matchRoutes(PUBLIC_ROUTES, '/events/run-for-water')).toEqual({
      id: 'event',
      params: { slug: 'run-for-water' },
    });
    expect(matchRoutes(PUBLIC_ROUTES, '/events/me/erg_1.abc')).toEqual({
      id: 'eventMine',
      params: { token: 'erg_1.abc' },
    });
  });

  it('lists events with progress and a link each', () => {
    const html = render(<EventsListView events={[event]} />);
    expect(html).toContain('href="/events/run-for-water"');
    expect(text(html)).toContain('42.2 km of 100 km');
    expect(text(html)).toContain('Sign-ups open');
    expect(text(render(<EventsListView events={[]} />))).toContain('No events at the moment.');
  });

  it('shows the event with its leaderboard, the campaign’s donation link and the sign-up form', () => {
    const html = render(<EventView page={page} onSignUp={noSignUp} />);
    const words = text(html);
    expect(html).toContain('aria-valuenow="42"');
    expect(words).toContain('Maria R.');
    expect(words).toContain('A participant');
    expect(words).toContain('21.1 km');
    expect(words).toContain('2 h 03 min');
    expect(html).toContain('href="/donate/acqua"');
    expect(words).toContain('Give to Acqua per tutti');
    expect(words).toContain('News by e-mail, please.');
    expect(html).toContain('data-version="event-v1"');
    expect(html).toMatch(/<label for="[^"]+">E-mail<\/label>/);
    expect(words).toContain('first name and the initial of your surname');
  });

  it('takes no sign-ups once the event is over, and speaks Italian and German', () => {
    const closed = text(
      render(
        <EventView
          page={{ ...page, event: { ...event, open: false, status: 'closed' } }}
          onSignUp={noSignUp}
        />,
      ),
    );
    expect(closed).toContain('This event is over.');
    expect(closed).not.toContain('Sign me up');
    expect(text(render(<EventView page={page} onSignUp={noSignUp} />, 'it'))).toContain('Iscrivimi');
    expect(text(render(<EventView page={page} onSignUp={noSignUp} />, 'de'))).toContain('42,2 km von 100 km');
  });

  it('shows a participant their totals, what they logged, and the form to log more', () => {
    const mine: ParticipantPage = {
      event,
      logging: true,
      today: '2026-05-10',
      mine: { distanceMetres: 12_500, durationSeconds: 4000, activities: 2 },
      activities: [
        {
          id: 'a1',
          distanceMetres: 7500,
          durationSeconds: 2400,
          date: '2026-05-09',
          source: 'chat',
          note: null,
        },
        {
          id: 'a2',
          distanceMetres: 5000,
          durationSeconds: null,
          date: '2026-05-03',
          source: 'web',
          note: null,
        },
      ],
      campaign: page.campaign,
    };
    const html = render(<ParticipantView page={mine} onLog={() => Promise.reject(new Error('x'))} />);
    const words = text(html);
    expect(words).toContain('12.5 km');
    expect(words).toContain('7.5 km · 40 min');
    expect(words).toContain('Distance (km)');
    expect(html).toContain('max="2026-05-10"');
    expect(html).toContain('min="2026-05-01"');
    // After logging, the page says what was logged while it reloads the totals.
    expect(
      text(
        render(
          <ParticipantView
            page={mine}
            logged="7.5 km, 45 min"
            onLog={() => Promise.reject(new Error('x'))}
          />,
        ),
      ),
    ).toContain('Logged: 7.5 km, 45 min. Well done!');
    const over = text(
      render(
        <ParticipantView page={{ ...mine, logging: false }} onLog={() => Promise.reject(new Error('x'))} />,
      ),
    );
    expect(over).toContain('only while the event is running');
  });
});
