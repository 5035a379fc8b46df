// The bot module owns understanding supporters' messages (language, intent, entities such as amounts,
// dates, distances, durations) in it/en/de/es/fr, the training examples and the saved model.
export { botModule } from './bot-module';
export { BotService, type OrgExample, type TrainingReport } from './bot-service';
export { BotErrors } from './errors';
export { Understander, MIN_CONFIDENCE, type Understanding, type NoneReason } from './understander';
export { extractEntities, type Entity } from './entities/extract';
export { INTENTS, LANGUAGES, type Intent, type BotLanguage, type Example } from './intents';
export { evaluate, formatReport, type EvaluationReport } from './evaluate';
