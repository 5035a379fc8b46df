import { CampaignsService } from '../campaigns';
import { ContactsService, type ConsentInput, type Purpose } from '../contacts';
import { IdentityService, type Role } from '../identity';
import { ProjectsService } from '../ledger';
import { OrganisationService } from '../organisation';
import { sql, type Store } from '../store';
import type { TransparencyLog } from '../transparency';
import type { FiloModule } from '../runtime/modules';
import { seedLedger } from './seed-ledger';

// The demo organisation: an Italian ETS with two campaigns, three projects and a few hundred
// supporters with languages and consents. Deterministic (seeded random), and seeded once: a marker row
// in `meta`, inserted first in the same transaction, makes a second run — or a concurrent one — a no-op.

export const DEMO_PASSWORD = 'filo-demo-2026';
export const DEMO_USERS: ReadonlyArray<{ email: string; name: string; role: Role; language: string }> = [
  { email: 'admin@demo.filo.ngo', name: 'Giulia Rossi', role: 'owner', language: 'it' },
  { email: 'fundraiser@demo.filo.ngo', name: 'Marco Bianchi', role: 'fundraiser', language: 'it' },
  { email: 'agent@demo.filo.ngo', name: 'Sara Conti', role: 'agent', language: 'it' },
  { email: 'accountant@demo.filo.ngo', name: 'Luca Ferrari', role: 'accountant', language: 'it' },
  { email: 'auditor@demo.filo.ngo', name: 'Anna Weber', role: 'auditor', language: 'de' },
];

const MARKER = 'demo_seeded_at';

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES: Record<
  string,
  { first: string[]; last: string[]; tz: string; country: string; weight: number }
> = {
  it: {
    first: [
      'Giulia',
      'Marco',
      'Francesca',
      'Alessandro',
      'Chiara',
      'Luca',
      'Sofia',
      'Matteo',
      'Elena',
      'Davide',
      'Martina',
      'Paolo',
      'Anna',
      'Giorgio',
      'Valentina',
    ],
    last: [
      'Rossi',
      'Russo',
      'Ferrari',
      'Esposito',
      'Bianchi',
      'Romano',
      'Colombo',
      'Ricci',
      'Marino',
      'Greco',
      'Bruno',
      'Gallo',
      'Conti',
      'De Luca',
      'Costa',
    ],
    tz: 'Europe/Rome',
    country: 'IT',
    weight: 0.7,
  },
  en: {
    first: ['Emma', 'James', 'Olivia', 'Thomas', 'Grace', 'Daniel'],
    last: ['Smith', 'Jones', 'Taylor', 'Brown', 'Wilson', 'Evans'],
    tz: 'Europe/London',
    country: 'GB',
    weight: 0.08,
  },
  de: {
    first: ['Lena', 'Jonas', 'Mia', 'Felix', 'Hannah', 'Lukas'],
    last: ['Müller', 'Schmidt', 'Schneider', 'Fischer', 'Weber', 'Wagner'],
    tz: 'Europe/Berlin',
    country: 'DE',
    weight: 0.1,
  },
  es: {
    first: ['Lucía', 'Hugo', 'Carmen', 'Pablo'],
    last: ['García', 'Fernández', 'López', 'Martínez'],
    tz: 'Europe/Madrid',
    country: 'ES',
    weight: 0.06,
  },
  fr: {
    first: ['Camille', 'Louis', 'Chloé', 'Hugo'],
    last: ['Martin', 'Bernard', 'Dubois', 'Moreau'],
    tz: 'Europe/Paris',
    country: 'FR',
    weight: 0.06,
  },
};

const WORDING: Record<string, Record<Purpose, string>> = {
  whatsapp: {
    service: 'Voglio ricevere su WhatsApp le risposte e le ricevute delle mie donazioni.',
    fundraising: 'Voglio ricevere su WhatsApp appelli e aggiornamenti sulle raccolte fondi.',
    news: 'Voglio ricevere su WhatsApp le notizie dei progetti.',
  },
  email: {
    service: 'Voglio ricevere via e-mail le ricevute e le comunicazioni sulle mie donazioni.',
    fundraising: 'Voglio ricevere via e-mail appelli e aggiornamenti sulle raccolte fondi.',
    news: 'Voglio ricevere via e-mail la newsletter.',
  },
};

function pickLanguage(r: number): string {
  let acc = 0;
  for (const [lang, spec] of Object.entries(NAMES)) {
    acc += spec.weight;
    if (r < acc) return lang;
  }
  return 'it';
}

export interface SeedResult {
  readonly seeded: boolean;
  readonly supporters: number;
}

export interface SeedOptions {
  readonly supporters?: number;
  readonly passwordCost?: { N: number };
  /** The public log: when given, the demo's gifts and expenses are written through the ledger into it. */
  readonly log?: TransparencyLog;
  /** Feature modules whose own demo data is added after the core's. */
  readonly modules?: readonly FiloModule[];
}

export async function seedDemo(store: Store, options: SeedOptions = {}): Promise<SeedResult> {
  const count = options.supporters ?? 320;
  const now = new Date().toISOString();
  // Claim the seed first: the primary key on meta.key lets exactly one process through.
  const claimed =
    await sql`insert into meta (key, value, updated_at) values (${MARKER}, ${'running'}, ${now}) on conflict (key) do nothing`.execute(
      store.db,
    );
  if (Number(claimed.numAffectedRows ?? 0) === 0) return { seeded: false, supporters: 0 };

  try {
    await seedContent(store, count, options);
    for (const module of options.modules ?? []) await module.seedDemo?.();
  } catch (error) {
    // Leave no half-seeded marker behind: a later start seeds again from where the data is.
    await store.db.deleteFrom('meta').where('key', '=', MARKER).execute();
    throw error;
  }
  await store.db
    .updateTable('meta')
    .set({ value: 'done', updated_at: new Date().toISOString() })
    .where('key', '=', MARKER)
    .execute();
  return { seeded: true, supporters: count };
}

async function seedContent(store: Store, count: number, options: SeedOptions): Promise<void> {
  const passwordCost = options.passwordCost;
  const organisation = new OrganisationService(store);
  if (!(await organisation.find())) {
    await organisation.create({
      name: 'Filo Solidale',
      legalName: 'Associazione Filo Solidale ETS',
      description:
        'Associazione di volontariato di Bologna: pasti a scuola, doposcuola e aiuto nelle emergenze. Ogni euro è tracciato, dal dono alla spesa.',
      country: 'IT',
      currency: 'EUR',
      language: 'it',
      taxId: '91234560375',
    });
  }

  const identity = new IdentityService(store, { sessionTtlHours: 12, passwordCost });
  for (const user of DEMO_USERS) {
    if (!(await identity.findUserByEmail(user.email))) {
      await identity.createUser({ ...user, password: DEMO_PASSWORD });
    }
  }

  const projects = new ProjectsService(store);
  const existingProjects = new Set((await projects.list()).map((p) => p.slug));
  for (const p of [
    {
      slug: 'mensa-scolastica',
      name: 'Mensa scolastica a Bologna',
      description: 'Un pasto caldo al giorno per i bambini delle scuole del quartiere Navile.',
    },
    {
      slug: 'doposcuola',
      name: 'Doposcuola al Pilastro',
      description: 'Aiuto compiti, libri e merenda per 60 ragazzi, tre pomeriggi a settimana.',
    },
    {
      slug: 'emergenza-alluvione',
      name: 'Emergenza alluvione Romagna',
      description: 'Kit di pulizia, elettrodomestici e affitti per le famiglie colpite.',
    },
  ]) {
    if (!existingProjects.has(p.slug)) await projects.create(p);
  }

  const campaigns = new CampaignsService(store);
  const existingCampaigns = new Set((await campaigns.list()).map((c) => c.slug));
  for (const c of [
    {
      slug: 'un-pasto-per-tutti',
      name: 'Un pasto per tutti',
      description: 'Con 5 € offri tre pasti caldi a scuola. Obiettivo: un anno di mensa per 120 bambini.',
      goalMinor: 2_500_000,
      currency: 'EUR',
      startsAt: '2026-09-01T00:00:00.000Z',
      endsAt: '2027-06-30T00:00:00.000Z',
    },
    {
      slug: 'inverno-al-caldo',
      name: 'Inverno al caldo',
      description:
        'Bollette, coperte e stufe per le famiglie alluvionate che passano l’inverno in case ancora umide.',
      goalMinor: 1_200_000,
      currency: 'EUR',
      startsAt: '2026-11-01T00:00:00.000Z',
      endsAt: '2027-02-28T00:00:00.000Z',
    },
  ]) {
    if (!existingCampaigns.has(c.slug)) await campaigns.create(c);
  }

  const contacts = new ContactsService(store);
  const random = mulberry32(20260901);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  for (let i = 0; i < count; i++) {
    const language = pickLanguage(random());
    const spec = NAMES[language] ?? NAMES.it!;
    const first = pick(spec.first);
    const last = pick(spec.last);
    const slug = `${first}.${last}`
      .toLowerCase()
      .normalize('NFD')
      .replace(/[^a-z.]/g, '');
    const hasPhone = random() < 0.75;
    const hasEmail = !hasPhone || random() < 0.6;
    const joined = new Date(Date.UTC(2024, 0, 1) + Math.floor(random() * 1000) * 86_400_000).toISOString();
    const consents: ConsentInput[] = [];
    const proof = { form: 'demo-import', note: 'seeded demo data' };
    if (hasPhone) {
      consents.push({
        channel: 'whatsapp',
        purpose: 'service',
        granted: true,
        source: 'donation-form',
        wordingVersion: 'wa-service-v1',
        wording: WORDING.whatsapp!.service,
        proof,
        recordedAt: joined,
      });
      if (random() < 0.65) {
        consents.push({
          channel: 'whatsapp',
          purpose: 'fundraising',
          granted: true,
          source: 'donation-form',
          wordingVersion: 'wa-fundraising-v1',
          wording: WORDING.whatsapp!.fundraising,
          proof,
          recordedAt: joined,
        });
      }
    }
    if (hasEmail && random() < 0.7) {
      consents.push({
        channel: 'email',
        purpose: 'news',
        granted: true,
        source: 'newsletter-form',
        wordingVersion: 'email-news-v2',
        wording: WORDING.email!.news,
        proof,
        recordedAt: joined,
      });
      // Some supporters later withdrew: the history keeps both records, the latest one counts.
      if (random() < 0.1) {
        consents.push({
          channel: 'email',
          purpose: 'news',
          granted: false,
          source: 'unsubscribe-link',
          wordingVersion: 'email-news-v2',
          wording: WORDING.email!.news,
          proof,
          recordedAt: new Date(Date.parse(joined) + 30 * 86_400_000).toISOString(),
        });
      }
    }
    await contacts.create({
      displayName: `${first} ${last}`,
      email: hasEmail ? `${slug}${i}@example.org` : null,
      phone: hasPhone ? `+39${String(3_400_000_000 + Math.floor(random() * 99_999_999))}` : null,
      language,
      timeZone: spec.tz,
      country: spec.country,
      consents,
    });
  }

  if (options.log) {
    const accountant = await identity.findUserByEmail('accountant@demo.filo.ngo');
    const contactIds = (
      await store.db.selectFrom('contacts').select('id').orderBy('created_at').orderBy('id').execute()
    ).map((r) => r.id);
    await seedLedger({
      store,
      log: options.log,
      projects,
      campaigns,
      random,
      donations: Math.round(count * 1.25),
      approverId: accountant!.id,
      contactIds,
    });
    await options.log.integrateAll();
  }
}
