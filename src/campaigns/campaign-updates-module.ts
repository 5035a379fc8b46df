import { isFiloError, systemClock, type Clock } from '../core';
import type { FiloModule, ModuleDeps, ModuleFactory } from '../runtime/modules';
import { CampaignUpdatesService, UPDATE_LANGUAGES, type UpdateLanguage } from './campaign-updates';
import { campaignUpdatesRoutes } from './campaign-updates-routes';

// The 'campaign-updates' module: staff updates and their routes, the public "latest updates" (JSON and
// Atom), and the ledger's factual update when an approved expense is paid with a campaign's money —
// on `donation.allocated`, once per campaign and expense however often the event is delivered.

function languageOf(value: string | undefined): UpdateLanguage {
  const base = (value ?? '').slice(0, 2).toLowerCase();
  return UPDATE_LANGUAGES.find((l) => l === base) ?? 'en';
}

export function createCampaignUpdatesModule(options: { readonly clock?: Clock } = {}): ModuleFactory {
  return (deps: ModuleDeps): FiloModule => {
    const clock = options.clock ?? systemClock;
    const service = new CampaignUpdatesService({
      store: deps.store,
      clock,
      publicUrl: deps.config.publicUrl,
    });

    deps.events.subscribe('donation.allocated', 'campaign-updates', async (payload) => {
      if (payload.kind !== 'expense') return;
      if (typeof payload.expense !== 'string' || typeof payload.donation !== 'string') return;
      const [donation, expense] = await Promise.all([
        deps.ledger.getDonation(payload.donation),
        deps.ledger.getExpense(payload.expense),
      ]);
      if (expense.status !== 'approved') return;
      // The campaign the expense belongs to, and the one the gift paying it was given to.
      const campaigns = new Set([expense.campaignId, donation.campaignId].filter((c) => c !== null));
      if (campaigns.size === 0) return;
      const language = languageOf((await deps.organisation.find())?.language);
      for (const campaignId of campaigns) {
        try {
          await service.recordExpensePaid(campaignId, expense, language);
        } catch (error) {
          // A campaign id the campaigns table does not know: nothing to publish on, nothing to retry.
          if (isFiloError(error) && error.code === 'CAMPAIGN_NOT_FOUND') continue;
          throw error;
        }
      }
    });

    return {
      name: 'campaign-updates',
      service,
      routes: campaignUpdatesRoutes({
        service,
        publicUrl: deps.config.publicUrl,
        campaignName: async (slug) => (await deps.campaigns.getBySlug(slug)).name,
        organisationName: async () => (await deps.organisation.find())?.name ?? 'Filo',
        now: () => clock.now().toISOString(),
      }),
      seedDemo: () => seedCampaignUpdates(service, deps, clock),
    };
  };
}

/** The module as FEATURE_MODULES runs it. */
export const campaignUpdatesModule: ModuleFactory = createCampaignUpdatesModule();

const DEMO_UPDATES: Readonly<
  Record<
    string,
    readonly { readonly daysAfterStart: number; readonly title: string; readonly body: string }[]
  >
> = {
  'un-pasto-per-tutti': [
    {
      daysAfterStart: 1,
      title: 'Siamo partiti: 120 bambini, un anno di pasti',
      body: 'Da oggi la mensa del quartiere Navile serve un pasto caldo a 120 bambini.\n\nCon 5 € offri tre pasti. Ogni euro è tracciato fino alla fattura della cooperativa che cucina.',
    },
    {
      daysAfterStart: 45,
      title: 'Il menù d’autunno',
      body: 'Minestrone, pasta al forno e mele del Navile: il menù d’autunno è stato scelto insieme alle famiglie.\n\nGrazie a chi ha donato a settembre: le prime fatture sono già pubbliche.',
    },
  ],
  'inverno-al-caldo': [
    {
      daysAfterStart: 3,
      title: 'Le prime famiglie hanno le stufe',
      body: 'Abbiamo consegnato stufe elettriche e coperte alle prime 25 famiglie di Conselice e Lugo.\n\nLa prossima tappa: le bollette di dicembre.',
    },
  ],
};

/** A few staff updates on the demo's campaigns, and the ledger's for their expenses already paid. */
async function seedCampaignUpdates(service: CampaignUpdatesService, deps: ModuleDeps, clock: Clock) {
  const existing = await deps.store.db.selectFrom('campaign_updates').select('id').limit(1).execute();
  if (existing.length > 0) return;
  const fundraiser = await deps.identity.findUserByEmail('fundraiser@demo.filo.ngo');
  const author = fundraiser ? { id: fundraiser.id, name: fundraiser.name } : { id: 'demo', name: 'Demo' };
  const now = clock.now().getTime();
  let written = 0;
  for (const campaign of await deps.campaigns.list()) {
    const start = campaign.startsAt ? Date.parse(campaign.startsAt) : Date.parse(campaign.createdAt);
    for (const demo of DEMO_UPDATES[campaign.slug] ?? []) {
      const at = start + demo.daysAfterStart * 86_400_000 + 9 * 3_600_000;
      if (at > now) continue;
      await service.create(
        campaign.id,
        { title: demo.title, body: demo.body, language: 'it', publish: true },
        author,
        new Date(at).toISOString(),
      );
      written++;
    }
  }
  const language = languageOf((await deps.organisation.find())?.language);
  for (const expense of await deps.ledger.listExpenses({ status: 'approved' })) {
    if (expense.campaignId === null || expense.fundedMinor <= 0) continue;
    const publishedAt = expense.decidedAt ?? `${expense.spentOn}T17:00:00.000Z`;
    if (await service.recordExpensePaid(expense.campaignId, expense, language, publishedAt)) written++;
  }
  deps.logger.info({ written }, 'campaign updates: demo updates written');
}
