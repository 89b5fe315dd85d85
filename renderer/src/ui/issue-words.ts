// A schema's problem in words a person reads beside the field (the Settings and Connections forms):
// zod's generic messages said plainly, a schema's own message kept.

/** A schema issue as zod reports it: what `issueWords` reads of it. */
export interface Issue {
  readonly code: string;
  readonly message: string;
  readonly origin?: unknown;
  readonly minimum?: unknown;
  readonly maximum?: unknown;
}

/** zod's own messages start so; a schema's own message (a refinement's, a `message:` given) is kept. */
const ZOD_GENERIC = /^(Too (big|small): expected|Invalid input|Invalid value|Expected)/;

/** The words of a schema issue, with zod's generic ones said plainly ("Too big: expected string to have <=4"). */
export function issueWords(issue: Issue): string {
  const { code, message } = issue;
  if (code === 'invalid_type') return 'Fill this in.';
  if (code === 'invalid_format' && /email/i.test(message)) return 'Give an e-mail address, such as ar@example.com.';
  if ((code === 'too_big' || code === 'too_small') && ZOD_GENERIC.test(message)) {
    const bound = Number(code === 'too_big' ? issue.maximum : issue.minimum);
    if (issue.origin === 'string')
      return code === 'too_small' && bound <= 1
        ? 'Fill this in.'
        : `Give ${code === 'too_big' ? 'at most' : 'at least'} ${bound} ${bound === 1 ? 'character' : 'characters'}.`;
    if (issue.origin === 'number' || issue.origin === 'int')
      return `Give a number of ${code === 'too_big' ? 'at most' : 'at least'} ${bound}.`;
    if (issue.origin === 'array')
      return `Give ${code === 'too_big' ? 'at most' : 'at least'} ${bound} ${bound === 1 ? 'row' : 'rows'}.`;
  }
  return message.endsWith('.') ? message : `${message}.`;
}
