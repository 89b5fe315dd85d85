// A person's name is shown on every screen, in the audit trail and in SAP's header text: one rule
// (shared/api/users.ts UserNameSchema) says what it may hold, for Settings -> Users and for
// `cleardesk serve --user` alike.
import { describe, expect, it } from 'vitest';
import { UserNameSchema, UserRefSchema } from '../../../shared/api/users';
import { parseServeUser } from '../../../electron/hosts/cli/serve';
import { ConfigurationError } from '../../../electron/hosts/cli/errors';

const RULE = "A name is one word of letters and digits; . _ - @ and ' may join its parts";

describe('user names', () => {
  it('takes the names people and logins have, in any script', () => {
    for (const name of ['ada', 'j.smith', "o'neil", 'mia_k', 'anne-marie', 'bob@acme', 'Zoë', '佐藤', 'user42'])
      expect(UserNameSchema.parse(` ${name} `)).toBe(name);
  });

  it('refuses spaces, markup, separators and control characters, in words', () => {
    for (const name of ['bo b', '<b>bob</b>', 'bob"', 'a:b', 'a,b', 'a;b', 'a/b', 'a\tb', 'a\u0000b', '&amp;', 'bob`'])
      expect(UserNameSchema.safeParse(name).error?.issues[0]?.message, name).toBe(RULE);
    expect(UserNameSchema.safeParse('').error?.issues[0]?.message).toBe('Give a name');
    expect(UserNameSchema.safeParse('x'.repeat(65)).error?.issues[0]?.message).toBe('A name has at most 64 characters');
  });

  it('a user already stored is named as the store holds it (a name saved before the rule was this strict)', () => {
    expect(UserRefSchema.parse({ name: ' <b>old</b> ' })).toEqual({ name: '<b>old</b>' });
    expect(UserRefSchema.safeParse({ name: ' ' }).success).toBe(false);
  });

  it('serve --user follows the same rule, and says which flag', () => {
    expect(parseServeUser('anne-marie:clerk,approver')).toEqual({ name: 'anne-marie', roles: ['clerk', 'approver'] });
    expect(() => parseServeUser('<b>x</b>:clerk')).toThrow(ConfigurationError);
    expect(() => parseServeUser('<b>x</b>:clerk')).toThrow(`--user "<b>x</b>:clerk": ${RULE}, then optionally`);
    expect(() => parseServeUser(':clerk')).toThrow('--user ":clerk": Give a name, then optionally');
  });
});
