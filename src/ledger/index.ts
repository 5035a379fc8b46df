// The ledger owns money: projects (what donations are restricted to), and — as the traceability work
// lands — donations, expenses, double-entry postings, allocations and the per-donation trace.
export { ProjectsService, ProjectErrors, type Project, type ProjectInput } from './projects';
