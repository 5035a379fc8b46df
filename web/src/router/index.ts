// A small History API router shared by the admin app and the public site: route tables with
// `:param` segments, a browser or memory history, and React hooks plus <Link>.
export { buildPath, matchPath, matchRoutes, type RouteDefinition, type RouteMatch } from './match-path';
export { createBrowserHistory, createMemoryHistory, type RouterHistory } from './history';
export {
  Link,
  RouterProvider,
  useNavigate,
  usePathname,
  type LinkProps,
  type Navigate,
} from './router-provider';
