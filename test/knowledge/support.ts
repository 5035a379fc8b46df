import { loadConfig, type Config } from '../../src/core';
import { KnowledgeService, GenerativeAnswerer } from '../../src/bot/knowledge';
import { ProjectsService } from '../../src/ledger';
import { OrganisationService } from '../../src/organisation';
import type { Engine } from '../../src/store';
import { createTestStore, type TestStore } from '../../src/store/testing';

// A knowledge service on a fresh test store with an organisation (Italian, like the demo's).

export interface KnowledgeFixture {
  readonly t: TestStore;
  readonly service: KnowledgeService;
  readonly projects: ProjectsService;
  dispose(): Promise<void>;
}

export async function knowledgeFixture(
  engine: Engine,
  options: { llm?: NonNullable<Config['llm']> } = {},
): Promise<KnowledgeFixture> {
  const t = await createTestStore(engine);
  const organisation = new OrganisationService(t.store);
  await organisation.create({
    name: 'Filo Solidale',
    legalName: 'Associazione Filo Solidale ETS',
    description: 'Test',
    country: 'IT',
    currency: 'EUR',
    language: 'it',
    taxId: null,
  });
  const projects = new ProjectsService(t.store);
  const service = new KnowledgeService({
    store: t.store,
    organisation,
    projects,
    llm: options.llm ? new GenerativeAnswerer(options.llm) : null,
  });
  return { t, service, projects, dispose: () => t.dispose() };
}

export function llmConfig(baseUrl: string, timeoutMs = 500): NonNullable<Config['llm']> {
  const config = loadConfig({
    FILO_LLM_BASE_URL: baseUrl,
    FILO_LLM_MODEL: 'fake-model',
    FILO_LLM_API_KEY: 'sk-test-key',
    FILO_LLM_TIMEOUT_MS: String(timeoutMs),
  });
  if (!config.llm) throw new Error('llm config missing');
  return config.llm;
}
