// An update's plain text as HTML: paragraphs at blank lines, line breaks kept, nothing interpreted.
import { Fragment } from 'react';
import { paragraphsOf } from './campaign-updates-client';

export function UpdateBody({ body, language }: { readonly body: string; readonly language: string }) {
  return (
    <div className="update-body" lang={language}>
      {paragraphsOf(body).map((lines, i) => (
        <p key={i}>
          {lines.map((line, j) => (
            <Fragment key={j}>
              {j > 0 && <br />}
              {line}
            </Fragment>
          ))}
        </p>
      ))}
    </div>
  );
}
