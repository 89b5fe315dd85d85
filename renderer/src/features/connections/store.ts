// The admin's connections (first-run screen and Settings): the status as the core last answered,
// a draft per system, and the result of the last test. Passwords live in the form's own state only
// until sent: the core hands them to the keychain and never sends them back.
import { createStore, type StoreApi } from 'zustand/vanilla';
import {
  ConnectionInputSchema,
  type ClearDeskApi,
  type ConnectionInput,
  type ConnectionsStatus,
  type ConnectionTest,
  type PayTraceConnection,
  type SapConnection,
} from '../../../../shared/api';
import { describeError } from '../../bridge/errors';
import { issueWords } from '../../ui/issue-words';

export type ConnectionSystem = ConnectionInput['system'];

/** Problems by field key of the form ('companyCodes', 'zone', ...; '' for one not at a field). */
export type FieldProblems = Record<string, string>;

/**
 * What the connection's schema (the one the core checks with) refuses, in words, beside each field: every
 * problem at once, before anything is sent. Empty when it would be taken.
 */
export function connectionProblems(input: ConnectionInput): FieldProblems {
  const parsed = ConnectionInputSchema.safeParse(input);
  const out: FieldProblems = {};
  if (parsed.success) return out;
  for (const issue of parsed.error.issues) {
    const [head, key] = issue.path.map(String);
    out[head === 'settings' ? (key ?? '') : head === 'password' ? 'password' : ''] ??= issueWords(issue);
  }
  return out;
}

const REFUSED: ConnectionTest = { ok: false, message: 'Nothing was sent: correct the fields marked above.' };

export interface ConnectionsState {
  status: ConnectionsStatus | null;
  /** The first-run screen shows: the core said first run when the app opened, and the admin has not said Done. */
  firstRunOpen: boolean;
  /** Why the status could not be read (not an admin: the first-run screen simply does not show). */
  loadError: string | null;
  busy: Partial<Record<ConnectionSystem, 'testing' | 'saving'>>;
  /** The last test's or save's outcome per system, in the core's words. */
  result: Partial<Record<ConnectionSystem, ConnectionTest>>;
  /** What the connection's own schema refused, by field (`connectionProblems`), when the last test or save was refused so. */
  problems: Partial<Record<ConnectionSystem, FieldProblems>>;
  load(): Promise<void>;
  test(input: ConnectionInput): Promise<ConnectionTest>;
  save(input: ConnectionInput): Promise<boolean>;
  /** The admin chose: the first-run screen goes. */
  done(): Promise<void>;
}

export type ConnectionsStore = StoreApi<ConnectionsState>;

export function createConnectionsStore(api: ClearDeskApi): ConnectionsStore {
  return createStore<ConnectionsState>((set) => {
    /** True when the form's input is taken; else its problems are shown beside the fields and nothing is sent. */
    const checked = (input: ConnectionInput): boolean => {
      const problems = connectionProblems(input);
      const ok = Object.keys(problems).length === 0;
      set((s) => ({
        problems: { ...s.problems, [input.system]: problems },
        ...(ok ? {} : { result: { ...s.result, [input.system]: REFUSED } }),
      }));
      return ok;
    };
    const mark = (system: ConnectionSystem, busy: 'testing' | 'saving' | null, result?: ConnectionTest) =>
      set((s) => {
        const next = { ...s.busy };
        if (busy) next[system] = busy;
        else delete next[system];
        return { busy: next, ...(result ? { result: { ...s.result, [system]: result } } : {}) };
      });
    return {
      status: null,
      firstRunOpen: false,
      loadError: null,
      busy: {},
      result: {},
      problems: {},
      async load() {
        try {
          const status = await api.call('connections.status', {});
          // Saving a connection ends the first run for the next start; this screen stays until Done.
          set((s) => ({ status, loadError: null, firstRunOpen: s.firstRunOpen || status.firstRun }));
        } catch (e) {
          set({ loadError: describeError(e) });
        }
      },
      async test(input) {
        if (!checked(input)) return REFUSED;
        mark(input.system, 'testing');
        let result: ConnectionTest;
        try {
          result = await api.call('connections.test', input);
        } catch (e) {
          result = { ok: false, message: describeError(e) };
        }
        mark(input.system, null, result);
        return result;
      },
      async save(input) {
        if (!checked(input)) return false;
        mark(input.system, 'saving');
        try {
          const status = await api.call('connections.save', input);
          set({ status });
          const running = status.running[input.system] === 'connected';
          mark(input.system, null, {
            ok: true,
            message: running
              ? 'Saved. ClearDesk uses the saved connection from its next start.'
              : 'Saved. ClearDesk keeps using the sandbox until it is started again, then uses this connection.',
          });
          return true;
        } catch (e) {
          mark(input.system, null, { ok: false, message: describeError(e) });
          return false;
        }
      },
      async done() {
        try {
          set({ status: await api.call('connections.firstRunDone', {}), firstRunOpen: false });
        } catch (e) {
          set({ loadError: describeError(e) });
        }
      },
    };
  });
}

/** The form's fields, as text, from what is saved (empty when nothing is). */
export function payTraceDraft(s: PayTraceConnection | null): Record<keyof PayTraceConnection, string> {
  return {
    baseUrl: s?.baseUrl ?? 'https://api.paytrace.com',
    username: s?.username ?? '',
    integratorId: s?.integratorId ?? '',
    zone: s?.zone ?? '',
    currency: s?.currency ?? '',
  };
}

export type SapDraft = Record<Exclude<keyof SapConnection, 'companyCodes' | 'transport'>, string> & {
  transport: SapConnection['transport'];
  companyCodes: string;
};

export function sapDraft(s: SapConnection | null): SapDraft {
  return {
    transport: s?.transport ?? 'rfc',
    ashost: s?.ashost ?? '',
    sysnr: s?.sysnr ?? '00',
    dest: s?.dest ?? '',
    mshost: s?.mshost ?? '',
    msserv: s?.msserv ?? '',
    group: s?.group ?? '',
    url: s?.url ?? '',
    client: s?.client ?? '',
    lang: s?.lang ?? 'EN',
    user: s?.user ?? '',
    companyCodes: (s?.companyCodes ?? []).join(', '),
  };
}

const optional = (v: string): string | undefined => (v.trim() === '' ? undefined : v.trim());

/** The draft as the core takes it: empty fields left out, company codes split on commas or spaces. */
export function inputOf(system: ConnectionSystem, draft: Record<string, string>, password: string): ConnectionInput {
  const pw = password === '' ? {} : { password };
  if (system === 'paytrace')
    return {
      system,
      settings: {
        baseUrl: draft.baseUrl!.trim(),
        username: draft.username!.trim(),
        integratorId: draft.integratorId!.trim(),
        ...(optional(draft.zone!) ? { zone: optional(draft.zone!) } : {}),
        ...(optional(draft.currency!) ? { currency: optional(draft.currency!)!.toUpperCase() } : {}),
      },
      ...pw,
    };
  const keep = ['ashost', 'sysnr', 'dest', 'mshost', 'msserv', 'group', 'url', 'lang'] as const;
  const transport = draft.transport as SapConnection['transport'];
  const settings: SapConnection = {
    transport,
    client: draft.client!.trim(),
    user: draft.user!.trim(),
    companyCodes: draft
      .companyCodes!.split(/[\s,;]+/)
      .map((c) => c.trim())
      .filter(Boolean),
  };
  for (const k of keep) {
    // RFC reaches a server by host, destination or message server; OData and IDoc by URL.
    if ((transport === 'rfc') === (k === 'url')) continue;
    const v = optional(draft[k] ?? '');
    if (v !== undefined) settings[k] = v;
  }
  return { system, settings, ...pw };
}
