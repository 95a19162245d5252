import { byId } from './dom.ts';
import { Api, refusalText, takeToken, tokenHolder } from './session.ts';

/** What a page that sends commands for its signed-in role shares (the rules and routing pages). */
export interface CommandPage {
  readonly api: Api;
  /** Shows why something failed or was refused, in `#problem`. */
  readonly say: (error: unknown) => void;
  /** Shows what was just done, in `#notice`, and clears an earlier problem. */
  readonly tell: (text: string) => void;
  /** Runs `run` when the form is submitted, instead of navigating; a failure is said. */
  readonly onSubmit: (formId: string, run: () => Promise<void>) => void;
}

/** Signs the page in with the token of its URL and says in `#signed-in` whom changes are recorded as. */
export function commandPage(): CommandPage {
  const api = new Api(takeToken());
  const holder = tokenHolder(api.token);
  byId('signed-in').textContent = holder === undefined ? '' : `Changes are recorded as ${holder}`;
  const problem = byId('problem');
  const notice = byId('notice');
  const say = (error: unknown): void => {
    problem.hidden = false;
    problem.textContent = refusalText(error);
  };
  const tell = (text: string): void => {
    problem.hidden = true;
    notice.hidden = false;
    notice.textContent = text;
  };
  const onSubmit = (formId: string, run: () => Promise<void>): void => {
    byId<HTMLFormElement>(formId).addEventListener('submit', (e) => {
      e.preventDefault();
      void run().catch(say);
    });
  };
  return { api, say, tell, onSubmit };
}
