import type { DonorMessages } from '../campaigns';
import { systemClock, type Clock } from '../core';
import type { FiloModule, ModuleDeps, ModuleFactory } from '../runtime/modules';
import { seedEventsDemo } from './demo-data';
import { EventsService, LINK_RESEND_MS } from './events-service';
import { eventRoutes } from './routes';

/** The job that sends a web sign-up their personal link (payload: the registration id). */
export const PERSONAL_LINK_JOB = 'events.personal-link';

// The events module: the service (for the assistant's sign-up and activity flows, as
// `modules.get('events').service`), its /api/v1/events and /api/v1/public/events routes, the job that
// sends a web sign-up their personal link, its part of an erasure and the demo's event.

export function createEventsModule(options: { readonly clock?: Clock } = {}): ModuleFactory {
  return (deps: ModuleDeps): FiloModule => {
    const service = new EventsService({
      store: deps.store,
      contacts: deps.contacts,
      campaigns: deps.campaigns,
      ledger: deps.ledger,
      organisation: deps.organisation,
      publicUrl: deps.config.publicUrl,
      ...(options.clock ? { clock: options.clock } : {}),
      onWebSignUp: async (registration, created) => {
        // One message per sign-up; a repeated sign-up, at most one per LINK_RESEND_MS slot (the job id
        // and the message's dedupe key are the same, so a retried job never sends twice).
        const now = (options.clock ?? systemClock).now().getTime();
        const key = created
          ? `event-link.${registration.id}`
          : `event-link.${registration.id}.${Math.floor(now / LINK_RESEND_MS)}`;
        await deps.queue.enqueue(PERSONAL_LINK_JOB, { registration: registration.id, key }, { jobId: key });
      },
    });
    deps.queue.register(PERSONAL_LINK_JOB, async (job) => {
      const { registration, key } = job.payload as { registration: string; key: string };
      const found = await service.personalLink(registration);
      // Sent through the donor journeys (the supporter's preferred channel, consent, templates); without
      // them, or with the registration erased meanwhile, there is nothing to send.
      const messages = deps.modules.get('donor-messages')?.service as DonorMessages | undefined;
      if (!found || !messages) return;
      await messages.eventLink({
        contactId: found.contactId,
        event: found.title,
        link: found.link,
        dedupeKey: key,
      });
    });
    return {
      name: 'events',
      service,
      routes: eventRoutes(service),
      eraseContact: (contactId) => service.eraseContact(contactId),
      seedDemo: () => seedEventsDemo(service, deps),
    };
  };
}

/** The module as FEATURE_MODULES runs it. */
export const eventsModule: ModuleFactory = createEventsModule();
