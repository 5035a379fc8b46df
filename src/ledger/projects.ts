import { FiloError, defineErrors, newId, systemClock, type Clock } from '../core';
import type { Store } from '../store';

export const ProjectErrors = defineErrors({
  PROJECT_NOT_FOUND: { statusCode: 404, message: 'No such project' },
  PROJECT_INVALID: { statusCode: 400, message: 'Invalid project' },
  PROJECT_SLUG_TAKEN: { statusCode: 409, message: 'Another project already uses this slug' },
});

export interface Project {
  readonly id: string;
  readonly slug: string;
  readonly name: string;
  readonly description: string;
  readonly createdAt: string;
}

export interface ProjectInput {
  readonly slug: string;
  readonly name: string;
  readonly description?: string;
}

const SLUG = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;

export class ProjectsService {
  readonly #store: Store;
  readonly #clock: Clock;
  constructor(store: Store, clock: Clock = systemClock) {
    this.#store = store;
    this.#clock = clock;
  }

  async create(input: ProjectInput): Promise<Project> {
    if (!SLUG.test(input.slug) || input.slug.length > 80) {
      throw new FiloError(ProjectErrors.PROJECT_INVALID, {
        message: 'The slug must be lowercase words joined by -',
      });
    }
    const taken = await this.#store.db
      .selectFrom('projects')
      .select('id')
      .where('slug', '=', input.slug)
      .executeTakeFirst();
    if (taken) throw new FiloError(ProjectErrors.PROJECT_SLUG_TAKEN);
    const row = {
      id: newId('prj'),
      slug: input.slug,
      name: input.name.trim(),
      description: input.description ?? '',
      created_at: this.#clock.now().toISOString(),
    };
    try {
      await this.#store.db.insertInto('projects').values(row).execute();
    } catch (cause) {
      throw new FiloError(ProjectErrors.PROJECT_SLUG_TAKEN, { cause });
    }
    return {
      id: row.id,
      slug: row.slug,
      name: row.name,
      description: row.description,
      createdAt: row.created_at,
    };
  }

  async list(): Promise<Project[]> {
    const rows = await this.#store.db
      .selectFrom('projects')
      .selectAll()
      .orderBy('created_at')
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      slug: r.slug,
      name: r.name,
      description: r.description,
      createdAt: r.created_at,
    }));
  }
}
