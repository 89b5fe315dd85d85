// The admin's settings screen's state: the settings as the core last answered, one form per section
// (fields.ts), each saved on its own through settings.update (the core checks the admin's role, checks
// again and audits the change) after the same schema check here, so a problem is shown beside its field
// before anything is sent. The SMTP password goes to the core once (settings.smtpPassword) and is never
// kept here or shown back. A test e-mail (alerts.test) tries the alert e-mail settings as saved.
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClearDeskApi, ResponseOf, RuleFiles, Settings } from '../../../../shared/api';
import { describeError } from '../../bridge/errors';
import { SECTIONS, type SettingKey } from './fields';
import { fromDraft, setIn, toDraft, type Draft, type Problems } from './form';

export interface SectionState {
  draft: Draft;
  problems: Problems;
  saving: boolean;
  /** The core refused (its words), or the call failed. */
  error: string | null;
  /** When this section was last saved in this session (ISO instant). */
  savedAt: string | null;
}

export interface SettingsState {
  settings: Settings | null;
  /** The rules files' values in force where a setting leaves them (settings.files); null until read, or if it fails. */
  files: RuleFiles | null;
  loading: boolean;
  loadError: string | null;
  sections: Partial<Record<SettingKey, SectionState>>;
  load(): Promise<void>;
  /** One field of a section's form changed. */
  edit(key: SettingKey, path: string, value: unknown): void;
  /** The form back to what is saved. */
  reset(key: SettingKey): void;
  save(key: SettingKey): Promise<boolean>;
  passwordSaving: boolean;
  passwordError: string | null;
  passwordSavedAt: string | null;
  savePassword(password: string): Promise<boolean>;
  /** The last test e-mail: sending, or how it went (to whom, or why not). */
  mailTest: { readonly sending: boolean; readonly at: string | null; readonly outcome: MailTestOutcome | null };
  /** Sends a test e-mail with the alert e-mail settings as saved (alerts.test). */
  testMail(): Promise<void>;
}

export type MailTestOutcome = ResponseOf<'alerts.test'>;

export type SettingsStore = StoreApi<SettingsState>;

const fresh = (key: SettingKey, settings: Settings): SectionState => ({
  draft: toDraft(
    SECTIONS.find((s) => s.key === key)!,
    settings[key],
  ),
  problems: {},
  saving: false,
  error: null,
  savedAt: null,
});

export function createSettingsStore(api: ClearDeskApi, now: () => Date = () => new Date()): SettingsStore {
  return createStore<SettingsState>()((set, get) => {
    const patch = (key: SettingKey, change: Partial<SectionState>) => {
      const current = get().sections[key];
      if (current) set({ sections: { ...get().sections, [key]: { ...current, ...change } } });
    };
    return {
      settings: null,
      files: null,
      loading: false,
      loadError: null,
      sections: {},
      passwordSaving: false,
      passwordError: null,
      passwordSavedAt: null,
      mailTest: { sending: false, at: null, outcome: null },

      async testMail() {
        if (get().mailTest.sending) return;
        set({ mailTest: { ...get().mailTest, sending: true } });
        try {
          const outcome = await api.call('alerts.test', {});
          set({ mailTest: { sending: false, at: now().toISOString(), outcome } });
        } catch (error) {
          const outcome = { sent: false, recipients: [], error: describeError(error) };
          set({ mailTest: { sending: false, at: now().toISOString(), outcome } });
        }
      },

      async load() {
        set({ loading: true, loadError: null });
        try {
          const [settings, files] = await Promise.all([
            api.call('settings.get', {}),
            // Only placeholders and read-only rows depend on it: the screen works without.
            api.call('settings.files', {}).catch(() => null),
          ]);
          const sections: SettingsState['sections'] = {};
          for (const s of SECTIONS) sections[s.key] = fresh(s.key, settings);
          set({ loading: false, settings, files, sections });
        } catch (error) {
          set({ loading: false, loadError: describeError(error) });
        }
      },

      edit(key, path, value) {
        const current = get().sections[key];
        if (!current) return;
        const problems = { ...current.problems };
        delete problems[path];
        // An edit after a save: what shows is no longer what was saved.
        patch(key, { draft: setIn(current.draft, path, value), problems, error: null, savedAt: null });
      },

      reset(key) {
        const settings = get().settings;
        if (settings) set({ sections: { ...get().sections, [key]: fresh(key, settings) } });
      },

      async save(key) {
        const section = SECTIONS.find((s) => s.key === key)!;
        const current = get().sections[key];
        if (!current || current.saving) return false;
        const checked = fromDraft(section, current.draft);
        if (checked.problems) {
          patch(key, { problems: checked.problems, error: null, savedAt: null });
          return false;
        }
        patch(key, { saving: true, problems: {}, error: null, savedAt: null });
        try {
          const settings = await api.call('settings.update', { [key]: checked.value } as Partial<Settings>);
          set({
            settings,
            sections: { ...get().sections, [key]: { ...fresh(key, settings), savedAt: now().toISOString() } },
          });
          return true;
        } catch (error) {
          patch(key, { saving: false, error: describeError(error) });
          return false;
        }
      },

      async savePassword(password) {
        if (get().passwordSaving) return false;
        if (password === '') {
          set({ passwordError: 'Give the password.' });
          return false;
        }
        set({ passwordSaving: true, passwordError: null });
        try {
          await api.call('settings.smtpPassword', { password });
          set({ passwordSaving: false, passwordSavedAt: now().toISOString() });
          return true;
        } catch (error) {
          set({ passwordSaving: false, passwordError: describeError(error) });
          return false;
        }
      },
    };
  });
}
