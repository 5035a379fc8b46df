import type { ModuleDeps } from '../runtime/modules';
import type { EventsService, RegistrationChannel } from './events-service';

// The demo's event: a virtual run for the demo's school-meals campaign, open now (it started two
// weeks before the demo was seeded and runs for another month), with a few participants and their
// activities, all written through the service as real sign-ups would be.

const DAY = 24 * 3600 * 1000;

const PARTICIPANTS: ReadonlyArray<{
  channel: RegistrationChannel;
  activities: ReadonlyArray<{ daysAgo: number; metres?: number; seconds?: number }>;
}> = [
  {
    channel: 'whatsapp',
    activities: [
      { daysAgo: 12, metres: 5000, seconds: 1710 },
      { daysAgo: 9, metres: 8200 },
      { daysAgo: 3, metres: 10_000, seconds: 3300 },
    ],
  },
  {
    channel: 'web',
    activities: [
      { daysAgo: 11, metres: 4000 },
      { daysAgo: 4, metres: 6500, seconds: 2400 },
    ],
  },
  { channel: 'whatsapp', activities: [{ daysAgo: 10, metres: 21_100, seconds: 7380 }] },
  {
    channel: 'web',
    activities: [
      { daysAgo: 8, metres: 3000 },
      { daysAgo: 6, metres: 3000 },
      { daysAgo: 2, metres: 3500 },
    ],
  },
  { channel: 'webchat', activities: [{ daysAgo: 5, seconds: 2700 }] },
  { channel: 'whatsapp', activities: [] },
];

export async function seedEventsDemo(service: EventsService, deps: ModuleDeps): Promise<void> {
  const campaigns = await deps.campaigns.list();
  const campaign =
    campaigns.find((c) => c.slug === 'un-pasto-per-tutti') ??
    campaigns.find((c) => c.status === 'active') ??
    null;
  const now = Date.now();
  const today = new Date(now);
  const midnight = Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate());
  const event = await service.create({
    slug: 'corri-per-un-pasto-2026',
    title: {
      it: 'Corri per un pasto 2026',
      en: 'Run for a Meal 2026',
      de: 'Lauf für eine Mahlzeit 2026',
    },
    description: {
      it: 'Corri o cammina dove vuoi, quanto vuoi: ogni chilometro che registri ci aiuta a raccontare la raccolta per i pasti a scuola. Scrivici su WhatsApp «ho corso 5 km» oppure usa il tuo link personale.',
      en: 'Run or walk wherever you like, any distance: every kilometre you log helps us tell the story of the school-meals appeal. Write to us on WhatsApp "I ran 5 km" or use your personal link.',
      de: 'Lauf oder geh, wo und so weit du willst: Jeder Kilometer, den du einträgst, erzählt von unserer Sammlung für Schulmahlzeiten. Schreib uns auf WhatsApp „bin 5 km gelaufen“ oder nutze deinen persönlichen Link.',
    },
    kind: 'run',
    startsAt: new Date(midnight - 14 * DAY).toISOString(),
    endsAt: new Date(midnight + 31 * DAY - 1000).toISOString(),
    goalMetres: 1_000_000,
    campaignId: campaign?.id ?? null,
    status: 'published',
  });
  // Supporters with a name and a phone, as sign-ups from WhatsApp and the page would be.
  const { items } = await deps.contacts.list({ limit: 60 });
  const people = items
    .filter((c) => c.displayName !== null && c.phone !== null)
    .slice(0, PARTICIPANTS.length);
  let logged = 0;
  for (const [index, person] of people.entries()) {
    const plan = PARTICIPANTS[index];
    if (!plan) break;
    const { registration } = await service.register({
      eventId: event.id,
      contactId: person.id,
      channel: plan.channel,
    });
    for (const [n, a] of plan.activities.entries()) {
      await service.logActivity({
        registrationId: registration.id,
        distanceMetres: a.metres ?? null,
        durationSeconds: a.seconds ?? null,
        date: new Date(midnight - a.daysAgo * DAY).toISOString().slice(0, 10),
        source: plan.channel === 'web' ? 'web' : 'chat',
        dedupeKey: `demo:${n}`,
      });
      logged += 1;
    }
  }
  deps.logger.info({ participants: people.length, activities: logged }, 'events: demo event created');
}
