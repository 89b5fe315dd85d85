// Every migration this version knows, in order. Append only: never reorder, rename or remove an
// entry once released; a database refuses to open with a list it does not start with.
import type { Migration } from './types';
import { initial } from './0010_initial';
import { auditAppendOnly } from './0020_audit_append_only';
import { matchAliases } from './0030_match_aliases';
import { refunds } from './0040_refunds';
import { postingClaims } from './0050_posting_claims';
import { syncLog } from './0060_sync_log';
import { auditKeyedChain } from './0070_audit_keyed_chain';
import { proposalWriteOffs } from './0080_proposal_write_offs';
import { fourEyes } from './0090_four_eyes';
import { refundReferences } from './0100_refund_references';
import { reversals } from './0110_reversals';
import { postingsHeldInSap } from './0120_postings_held_in_sap';
import { queueWindow } from './0130_queue_window';
import { jobs } from './0140_jobs';
import { alerts } from './0150_alerts';
import { disputes } from './0160_disputes';
import { deadLetterResolutions } from './0180_dead_letter_resolutions';
import { openItemsSpecialGl } from './0190_open_items_special_gl';
import { customerHeadOfficeGroup } from './0200_customer_head_office_group';
import { disputeWebhookDeliveries } from './0210_dispute_webhook_deliveries';
import { auditBrowser } from './0230_audit_browser';
import { systemOutages } from './0240_system_outages';
import { savedViews } from './0250_saved_views';
import { chargebackPostings } from './0260_chargeback_postings';
import { chargebackDeadlineAlerts } from './0270_chargeback_deadline_alerts';
import { callMetrics } from './0280_call_metrics';
import { queueTier } from './0290_queue_tier';
import { matchModels } from './0300_match_models';
import { queueSearch } from './0310_queue_search';
import { users } from './0320_users';
import { clearedItems } from './0340_cleared_items';
import { queueSearchOnIngest } from './0350_queue_search_on_ingest';
import { clearedReferenceKeys } from './0360_cleared_reference_keys';
import { alertNotify } from './0370_alert_notify';
import { queueTierColumn } from './0380_queue_tier_column';
import { openItemsUnusedIndexes } from './0390_open_items_unused_indexes';
import { queueSearchOpenItemsWhen } from './0400_queue_search_open_items_when';
import { queueSignedAmount } from './0410_queue_signed_amount';
import { postingsProposal } from './0420_postings_proposal';
import { queueCustomerFolded } from './0430_queue_customer_folded';
import { proposalsRelated } from './0440_proposals_related';
import { salesByInvoice } from './0450_sales_by_invoice';
import { openItemsPaymentTerms } from './0460_open_items_payment_terms';
import { transactionsBillingAddress } from './0470_transactions_billing_address';
import { openItemsInvoiceRef } from './0480_open_items_invoice_ref';

export type { Migration } from './types';

export const MIGRATIONS: readonly Migration[] = [
  initial,
  auditAppendOnly,
  matchAliases,
  refunds,
  postingClaims,
  syncLog,
  auditKeyedChain,
  proposalWriteOffs,
  fourEyes,
  refundReferences,
  reversals,
  postingsHeldInSap,
  queueWindow,
  jobs,
  alerts,
  disputes,
  deadLetterResolutions,
  openItemsSpecialGl,
  customerHeadOfficeGroup,
  disputeWebhookDeliveries,
  auditBrowser,
  systemOutages,
  savedViews,
  chargebackPostings,
  chargebackDeadlineAlerts,
  callMetrics,
  queueTier,
  matchModels,
  queueSearch,
  users,
  clearedItems,
  queueSearchOnIngest,
  clearedReferenceKeys,
  alertNotify,
  queueTierColumn,
  openItemsUnusedIndexes,
  queueSearchOpenItemsWhen,
  queueSignedAmount,
  postingsProposal,
  queueCustomerFolded,
  proposalsRelated,
  salesByInvoice,
  openItemsPaymentTerms,
  transactionsBillingAddress,
  openItemsInvoiceRef,
];
