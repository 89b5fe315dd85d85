// Who approved, written into the FI document so that SAP's own audit shows it
// (docs/ARCHITECTURE.md, "What goes into the FI document"): BKPF-USNAM (DOCUMENTHEADER-USERNAME)
// is the approver's SAP user when the admin mapped one, else SAP fills the RFC user; BKPF-BKTXT
// (HEADER_TXT, 25 characters) names the approving person either way.
import { personKey } from '../domain';
import { FIELD_LENGTH } from './fi-document';

/** An admin's mapping of a ClearDesk user to the SAP user that approves in SAP's name. */
export interface SapUserMapping {
  /** The ClearDesk user (compared as one person: case and width folded). */
  readonly user: string;
  /** The SAP user (USR02-BNAME, 12 characters). */
  readonly sapUser: string;
}

export interface Approver {
  /** The ClearDesk user who gave the approval that posts. */
  readonly name: string;
  /** Their SAP user, when the admin mapped one; null lets SAP write the RFC user into USNAM. */
  readonly sapUser: string | null;
}

/** A SAP user name as USR02 keeps it: upper case, at most 12 characters, no blanks. */
export const SAP_USER_PATTERN = /^[A-Za-z0-9._@&/-]{1,12}$/;

/** The SAP user mapped to a ClearDesk user, upper case; null when none is. */
export function sapUserFor(mappings: readonly SapUserMapping[], user: string): string | null {
  const key = personKey(user);
  const hit = mappings.find((m) => personKey(m.user) === key);
  return hit ? hit.sapUser.trim().toUpperCase() : null;
}

/** The ClearDesk user the automatic tier posts as. */
const SYSTEM_PREFIX = 'system:';

/**
 * A person's name in at most `max` characters: as it is when it fits; else given names as
 * initials ("Maximilian Alexander Schulz" to "M. A. Schulz"); else an e-mail login's local part;
 * else cut, with a full stop to show it was.
 */
export function fitName(name: string, max: number): string {
  const n = name.trim().replace(/\s+/g, ' ');
  if (n.length <= max) return n;
  const words = n.split(' ');
  if (words.length > 1) {
    const initials = [...words.slice(0, -1).map((w) => `${[...w][0]!}.`), words.at(-1)!].join(' ');
    if (initials.length <= max) return initials;
  }
  const at = n.indexOf('@');
  if (at > 0 && at <= max) return n.slice(0, at);
  return `${[...n].slice(0, max - 1).join('')}.`;
}

/** BKPF-BKTXT: "Appr. <name>", or what the automatic tier is called. */
export function approverHeaderText(approver: Approver): string {
  if (approver.name.startsWith(SYSTEM_PREFIX)) return 'ClearDesk automatic tier'.slice(0, FIELD_LENGTH.HEADER_TXT);
  const prefix = 'Appr. ';
  return prefix + fitName(approver.name, FIELD_LENGTH.HEADER_TXT - prefix.length);
}
