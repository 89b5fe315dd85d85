// Join conditions more than one repository reads by: one statement of each.
import { type SqlBool, sql } from 'kysely';

/**
 * The open item an applied item (`pi`, proposal_items) names (`oi`, open_items): the same SAP line item key
 * (BUKRS, BELNR, GJAHR, BUZEI). For `leftJoin('open_items as oi', (j) => j.on(APPLIED_OPEN_ITEM))`.
 */
export const APPLIED_OPEN_ITEM = sql<SqlBool>`oi.company_code = pi.company_code and oi.doc_no = pi.doc_no and oi.fisc_year = pi.fisc_year and oi.item_num = pi.item_num`;
