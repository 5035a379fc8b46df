// Entry point of the admin app, served at /admin/.
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiClient } from '../api';
import { I18nProvider, initialLanguage } from '../i18n';
import { RouterProvider, createBrowserHistory } from '../router';
import { ApiProvider } from '../ui';
import { AdminApp } from './admin-app';
import '../styles/base.css';
import '../styles/admin.css';

const container = document.getElementById('root');
if (!container) throw new Error('The admin page has no #root element');

const language = initialLanguage();
document.documentElement.lang = language;

createRoot(container).render(
  <StrictMode>
    <I18nProvider initial={language}>
      <RouterProvider history={createBrowserHistory()}>
        <ApiProvider client={new ApiClient()}>
          <AdminApp />
        </ApiProvider>
      </RouterProvider>
    </I18nProvider>
  </StrictMode>,
);
