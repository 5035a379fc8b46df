// Entry point of the public site, served at / and at every path that is neither the API nor /admin.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiClient } from '../api';
import { I18nProvider, initialLanguage } from '../i18n';
import { RouterProvider, createBrowserHistory } from '../router';
import { ApiProvider } from '../ui';
import { PublicApp } from './public-app';
import '../styles/base.css';
import '../styles/public.css';

const container = document.getElementById('root');
if (!container) throw new Error('The public page has no #root element');

const language = initialLanguage();
document.documentElement.lang = language;

createRoot(container).render(
  <StrictMode>
    <I18nProvider initial={language}>
      <RouterProvider history={createBrowserHistory()}>
        <ApiProvider client={new ApiClient()}>
          <PublicApp />
        </ApiProvider>
      </RouterProvider>
    </I18nProvider>
  </StrictMode>,
);
