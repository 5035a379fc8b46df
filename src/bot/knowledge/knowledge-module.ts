import type { FiloModule, ModuleDeps, ModuleFactory } from '../../runtime/modules';
import { KNOWLEDGE_LANGUAGES, loadFaqSeeds } from './demo-data';
import { GenerativeAnswerer } from './generative';
import { KnowledgeService } from './knowledge-service';
import { knowledgeRoutes } from './routes';

// The knowledge module: the knowledge base's service (search and answer, for the dialogue layer as
// `modules.get('knowledge').service`), its /api/v1/knowledge routes, and the demo FAQ.

export function createKnowledgeModule(
  options: { fetch?: typeof fetch; threshold?: number } = {},
): ModuleFactory {
  return (deps: ModuleDeps): FiloModule => {
    const llm = deps.config.llm ? new GenerativeAnswerer(deps.config.llm, options.fetch) : null;
    const service = new KnowledgeService({
      store: deps.store,
      organisation: deps.organisation,
      projects: deps.projects,
      llm,
      ...(options.threshold === undefined ? {} : { threshold: options.threshold }),
    });
    return {
      name: 'knowledge',
      service,
      routes: knowledgeRoutes(service),
      async seedDemo() {
        let added = 0;
        for (const language of KNOWLEDGE_LANGUAGES)
          added += await service.importSeeds(language, loadFaqSeeds(language));
        deps.logger.info({ added }, 'knowledge: demo FAQ loaded');
      },
    };
  };
}

/** The module as FEATURE_MODULES runs it. */
export const knowledgeModule: ModuleFactory = createKnowledgeModule();
