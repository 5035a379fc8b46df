// Cross-cutting kernel shared by every module: configuration, the error type, identifiers and the clock.
export { FiloError, CoreErrors, defineErrors, isFiloError, type ErrorSpec } from './errors';
export { loadConfig, type Config, type WhatsAppSettings } from './config';
export { newId, newToken } from './ids';
export { systemClock, isoNow, type Clock } from './clock';
