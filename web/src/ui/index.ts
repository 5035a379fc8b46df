// Building blocks shared by the admin app and the public site.
export { ApiProvider, useApi } from './api-context';
export { CampaignProgress } from './campaign-progress';
export { errorText, type ErrorText } from './error-text';
export { Icon, Logo, ICON_NAMES, type IconName } from './icons';
export { LanguageSelect } from './language-select';
export { NotFoundPage } from './not-found-page';
export { ErrorNotice, Loading } from './status';
export { useDocumentTitle } from './use-document-title';
export { useRequest, type RequestState, type RequestOptions } from './use-request';
