// The browser host's users as an admin manages them (Settings -> Users): the list as the core last
// answered, what is under way, the last outcome in the core's words, and a newly issued sign-in link,
// which lives here only until the admin closes it (the core keeps no copy to show again).
import { createStore, type StoreApi } from 'zustand/vanilla';
import type { ClearDeskApi, Role, User, UserLink } from '../../../../shared/api';
import { describeError } from '../../bridge/errors';

export interface UsersState {
  users: User[] | null;
  loadError: string | null;
  /** The user (or 'new') an action is under way for. */
  busy: string | null;
  /** The last action's outcome. */
  result: { ok: boolean; message: string } | null;
  /** The link just issued, shown once. */
  link: UserLink | null;
  load(): Promise<void>;
  add(name: string, roles: Role[]): Promise<boolean>;
  changeRoles(name: string, roles: Role[]): Promise<boolean>;
  setActive(name: string, active: boolean): Promise<void>;
  issueLink(name: string): Promise<void>;
  closeLink(): void;
  /** Forgets the last outcome: a new problem is being said, and an old refusal beside it would mislead. */
  clearResult(): void;
}

export type UsersStore = StoreApi<UsersState>;

export function createUsersStore(api: ClearDeskApi): UsersStore {
  return createStore<UsersState>((set, get) => {
    /** Runs one action for `who`, then reads the list again; false (and the refusal said) when refused. */
    const act = async (who: string, work: () => Promise<string>): Promise<boolean> => {
      set({ busy: who, result: null });
      try {
        const message = await work();
        set({ result: { ok: true, message } });
        return true;
      } catch (e) {
        set({ result: { ok: false, message: describeError(e) } });
        return false;
      } finally {
        set({ busy: null });
        await get().load();
      }
    };
    return {
      users: null,
      loadError: null,
      busy: null,
      result: null,
      link: null,
      async load() {
        try {
          set({ users: await api.call('users.list', {}), loadError: null });
        } catch (e) {
          set({ loadError: describeError(e) });
        }
      },
      add: (name, roles) =>
        act('new', async () => {
          const u = await api.call('users.save', { name, roles, add: true });
          return `Added ${u.name}. Give them a sign-in link to start.`;
        }),
      changeRoles: (name, roles) =>
        act(name, async () => {
          const u = await api.call('users.save', { name, roles });
          return `${u.name} now has the roles ${u.roles.join(', ')}, from their next request.`;
        }),
      setActive: async (name, active) => {
        await act(name, async () => {
          const u = await api.call(active ? 'users.enable' : 'users.disable', { name });
          // A link shown for someone now disabled signs no one in: it goes too.
          if (!active && get().link?.name === u.name) set({ link: null });
          return active ? `${u.name} is enabled again.` : `${u.name} is disabled: their sessions have ended.`;
        });
      },
      issueLink: async (name) => {
        await act(name, async () => {
          const link = await api.call('users.link', { name });
          set({ link });
          return `A new sign-in link for ${link.name} is below.`;
        });
      },
      closeLink: () => set({ link: null }),
      clearResult: () => set({ result: null }),
    };
  });
}
