import type { Clock } from '../core';
import type { FiloModule, ModuleDeps, ModuleFactory } from '../runtime/modules';
import { seedEventsDemo } from './demo-data';
import { EventsService } from './events-service';
import { eventRoutes } from './routes';

// The events module: the service (for the assistant's sign-up and activity flows, as
// `modules.get('events').service`), its /api/v1/events and /api/v1/public/events routes, its part of
// an erasure and the demo's event.

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
