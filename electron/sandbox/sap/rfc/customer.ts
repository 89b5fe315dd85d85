// BAPI_CUSTOMER_GETDETAIL2: address (BAPICUSTOMER_04), general (BAPICUSTOMER_KNA1) and company
// code data (BAPICUSTOMER_05). [U] only the commonly used fields of these structures are filled.
import { alphaOut, bapiret2 } from '../messages';
import type { FunctionHandler } from './context';

export const customerGetDetail2: FunctionHandler = (ctx, params) => {
  const kunnr = String(params.CUSTOMERNO ?? '').trim();
  const bukrs = String(params.COMPANYCODE ?? '').trim();
  const kna1 = ctx.ledger.kna1.get(kunnr);
  const ret1 = (r: ReturnType<typeof bapiret2>): Record<string, string> => ({
    TYPE: r.TYPE,
    ID: r.ID,
    NUMBER: r.NUMBER,
    MESSAGE: r.MESSAGE,
    LOG_NO: '',
    LOG_MSG_NO: '000000',
    MESSAGE_V1: r.MESSAGE_V1,
    MESSAGE_V2: r.MESSAGE_V2,
    MESSAGE_V3: r.MESSAGE_V3,
    MESSAGE_V4: r.MESSAGE_V4,
  });
  if (!kna1) return { ...params, RETURN: ret1(bapiret2('E', 'F2', '163', [alphaOut(kunnr)])), CUSTOMERBANKDETAIL: [] };
  const knb1 = bukrs ? ctx.ledger.customerInCompany(kunnr, bukrs) : undefined;
  if (bukrs && !knb1)
    return { ...params, RETURN: ret1(bapiret2('E', 'F5', '102', [alphaOut(kunnr), bukrs])), CUSTOMERBANKDETAIL: [] };
  return {
    ...params,
    CUSTOMERADDRESS: {
      CUSTOMER: kunnr,
      NAME: kna1.NAME1,
      NAME_2: '',
      NAME_3: '',
      NAME_4: '',
      STREET: kna1.STRAS,
      CITY: kna1.ORT01,
      POSTL_COD1: kna1.PSTLZ,
      COUNTRY: kna1.LAND1,
      REGION: kna1.REGIO,
      LANGU: kna1.SPRAS,
      E_MAIL: kna1.SMTP_ADDR,
      TEL1_NUMBR: '',
      FAX_NUMBER: '',
    },
    CUSTOMERGENERALDETAIL: { CUSTOMER: kunnr, ACCNT_GRP: kna1.KTOKD, DEL_FLAG_C: kna1.LOEVM },
    CUSTOMERCOMPANYDETAIL: knb1
      ? {
          CUSTOMER: kunnr,
          COMP_CODE: knb1.BUKRS,
          RECON_ACCOUNT: knb1.AKONT,
          PMNTTRMS: knb1.ZTERM,
          PYMT_METH: knb1.ZWELS,
          POSTING_BLOCK: knb1.SPERR,
        }
      : {},
    RETURN: ret1({ ...bapiret2('S', '', '000'), TYPE: '', MESSAGE: '' }),
    CUSTOMERBANKDETAIL: [],
  };
};
