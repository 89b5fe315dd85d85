// Connection parameters from a profile: application server (ashost/sysnr), a destination in
// sapnwrfc.ini (dest), or load balancing (mshost/msserv/group); snc_* passed through. The
// password comes from the caller (the keychain), never from the profile.
import { SapConfigError } from '../errors';
import type { RfcConnectionParameters } from './node-rfc';

export interface RfcProfile {
  ashost?: string;
  sysnr?: string;
  client?: string;
  lang?: string;
  user?: string;
  dest?: string;
  mshost?: string;
  msserv?: string;
  sysid?: string;
  group?: string;
  saprouter?: string;
  /** snc_mode, snc_partnername, snc_qop, snc_myname, snc_lib … passed through unchanged. */
  [snc: `snc_${string}`]: string | undefined;
}

export function connectionParameters(profile: RfcProfile, password: string | undefined): RfcConnectionParameters {
  const p: RfcConnectionParameters = {};
  const put = (k: string, v: string | undefined): void => {
    if (v !== undefined && v !== '') p[k] = v;
  };
  if (profile.dest) put('dest', profile.dest);
  else if (profile.mshost) {
    put('mshost', profile.mshost);
    put('msserv', profile.msserv);
    put('sysid', profile.sysid);
    put('group', profile.group ?? 'PUBLIC');
  } else if (profile.ashost) {
    put('ashost', profile.ashost);
    put('sysnr', profile.sysnr ?? '00');
  } else {
    throw new SapConfigError(
      'The SAP connection needs an application server (ashost and sysnr), a message server (mshost, msserv, group) or a destination (dest in sapnwrfc.ini).',
    );
  }
  put('client', profile.client);
  put('lang', profile.lang ?? 'EN');
  put('user', profile.user);
  put('saprouter', profile.saprouter);
  for (const [k, v] of Object.entries(profile)) if (k.startsWith('snc_')) put(k, v);
  const snc = p.snc_mode === '1';
  if (!snc && !profile.dest) {
    if (!p.user) throw new SapConfigError('The SAP connection needs a user (or SNC single sign-on: snc_mode 1).');
    if (!password)
      throw new SapConfigError(
        `No SAP password for user ${p.user}: store it in the keychain for this connection profile.`,
      );
  }
  if (password) p.passwd = password;
  return p;
}
