// ACC_DOCUMENT03 IDoc XML with SAP's segment names: EDI_DC40 control record, E1BPACHE09 header,
// E1BPACGL09 G/L items, E1BPACAR09 customer items, E1BPACCR09 amounts. The posting reference goes
// into EDI_DC40-ARCKEY as well, so the IDoc's status can be found again by it.
import type { FiDocument } from '../../../../shared/posting';

export interface IdocPartners {
  /** Sender logical system (partner type LS), e.g. CLEARDESK. */
  SNDPRN: string;
  SNDPOR: string;
  /** Receiver: the ECC's logical system and port, e.g. ECCCLNT100 / SAPECC. */
  RCVPRN: string;
  RCVPOR: string;
  MANDT: string;
}

const esc = (v: string): string => v.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function segment(name: string, fields: Record<string, string | undefined>): string {
  const inner = Object.entries(fields)
    .filter(([, v]) => v !== undefined && v !== '')
    .map(([k, v]) => `<${k}>${esc(String(v))}</${k}>`)
    .join('');
  return `<${name} SEGMENT="1">${inner}</${name}>`;
}

export function accDocument03Xml(doc: FiDocument, partners: IdocPartners, now: Date = new Date()): string {
  const iso = now.toISOString();
  const control = segment('EDI_DC40', {
    TABNAM: 'EDI_DC40',
    MANDT: partners.MANDT,
    DOCNUM: '0000000000000000',
    DIRECT: '2',
    IDOCTYP: 'ACC_DOCUMENT03',
    MESTYP: 'ACC_DOCUMENT',
    SNDPOR: partners.SNDPOR,
    SNDPRT: 'LS',
    SNDPRN: partners.SNDPRN,
    RCVPOR: partners.RCVPOR,
    RCVPRT: 'LS',
    RCVPRN: partners.RCVPRN,
    CREDAT: iso.slice(0, 10).replace(/-/g, ''),
    CRETIM: iso.slice(11, 19).replace(/:/g, ''),
    ARCKEY: doc.DOCUMENTHEADER.REF_DOC_NO,
  });
  const { ...header } = doc.DOCUMENTHEADER;
  const parts = [
    control,
    segment('E1BPACHE09', header as Record<string, string>),
    ...doc.ACCOUNTGL.map((g) => segment('E1BPACGL09', g as unknown as Record<string, string>)),
    ...doc.ACCOUNTRECEIVABLE.map((a) => segment('E1BPACAR09', a as unknown as Record<string, string>)),
    ...doc.CURRENCYAMOUNT.map((c) => segment('E1BPACCR09', c as unknown as Record<string, string>)),
    // EXTENSION2 travels as E1BPPAREX, for the same ACC_DOCUMENT BAdI as over RFC.
    ...(doc.EXTENSION2 ?? []).map((x) => segment('E1BPPAREX', x as unknown as Record<string, string>)),
  ];
  return `<?xml version="1.0" encoding="UTF-8"?><ACC_DOCUMENT03><IDOC BEGIN="1">${parts.join('')}</IDOC></ACC_DOCUMENT03>`;
}
