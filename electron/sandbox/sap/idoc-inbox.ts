// Inbound IDoc processing as ECC does it for ACC_DOCUMENT (BAPI_IDOC_INPUT1): the IDoc is saved
// (status 50), made ready for the application (64), passed to it (62) and then either posted (53,
// the document key in STAPA2, written by the update task with the document) or not (51, one status
// record per message). Nothing is final but 53 and 68 (and 70, the saved original of an edited IDoc):
// - the partner profile (WE20) triggers processing at once, or leaves the IDoc in 64 for the
//   background job RBDAPP01 (knobs.trigger, knobs.rbdapp01AfterMs, runRbdapp01());
// - an IDoc in 51 is posted again by BD87 or the scheduled job RBDMANI2 (reprocess(),
//   knobs.rbdmani2AfterMs), for example once its posting period is opened;
// - someone in SAP may give up on it: RC1_IDOC_SET_STATUS sets 68 ("error, no further processing"),
//   or the IDoc is deleted (noFurtherProcessing(), delete()).
// A sender that sent an IDoc SAP still holds in 64 or 51 and sends the document again gets it posted twice.
import type { DraftDocument, EdidcRow, EdidsRow } from './ledger-types';
import type { SapLedger } from './ledger';

export interface IdocControl {
  readonly IDOCTP: string;
  readonly MESTYP: string;
  readonly SNDPOR: string;
  readonly SNDPRT: string;
  readonly SNDPRN: string;
  readonly ARCKEY: string;
}

export interface IdocKnobs {
  /** WE20 "Trigger immediately", or "Trigger by background program": the IDoc waits in 64 for RBDAPP01. */
  trigger: 'immediately' | 'background';
  /** RBDAPP01 scheduled: an IDoc in 64 is processed this many ms after it arrived; 0: only runRbdapp01(). */
  rbdapp01AfterMs: number;
  /** RBDMANI2 scheduled: an IDoc in 51 is processed again every this many ms; 0: only reprocess() (BD87). */
  rbdmani2AfterMs: number;
}

/** Statuses after which SAP does nothing more with an inbound IDoc. */
export const FINAL_INBOUND_STATUSES: ReadonlySet<string> = new Set(['53', '68', '70']);

const STATUS_TEXT: Readonly<Record<string, string>> = {
  '50': 'IDoc added',
  '51': 'Application document not posted',
  '53': 'Application document posted',
  '56': 'IDoc with errors added',
  '62': 'IDoc passed to application',
  '64': 'IDoc ready to be transferred to application',
  '68': 'Error - no further processing',
};

export class IdocInbox {
  readonly knobs: IdocKnobs = { trigger: 'immediately', rbdapp01AfterMs: 0, rbdmani2AfterMs: 0 };
  private readonly timers = new Set<NodeJS.Timeout>();
  /** IDocs whose posting is being written by the update task right now. */
  private readonly updating = new Set<string>();

  constructor(private readonly ledger: SapLedger) {}

  /** IDOC_INBOUND_ASYNCHRONOUS: saves the IDoc and, per the partner profile, processes it now or leaves it for RBDAPP01. */
  receive(control: IdocControl, draft: DraftDocument | null, user: string): string {
    const DOCNUM = this.ledger.nextIdocNumber();
    const { date, time } = this.stamp();
    this.ledger.edidc.push({ DOCNUM, STATUS: '50', DIRECT: '2', CREDAT: date, CRETIM: time, ...control });
    if (!draft) {
      this.status(DOCNUM, '56', { STATXT: `Basic type ${control.IDOCTP} is not processed by this port`, STATYP: 'E' });
      return DOCNUM;
    }
    this.ledger.edid4.set(DOCNUM, { draft, user });
    this.status(DOCNUM, '50');
    this.status(DOCNUM, '64');
    if (this.knobs.trigger === 'immediately') this.process(DOCNUM);
    else if (this.knobs.rbdapp01AfterMs > 0) this.later(this.knobs.rbdapp01AfterMs, () => this.processIf(DOCNUM, '64'));
    return DOCNUM;
  }

  /** RBDAPP01 (BD20): processes every IDoc in 64. Returns how many it passed to the application. */
  runRbdapp01(): number {
    return this.waiting('64').filter((d) => this.processIf(d, '64')).length;
  }

  /** BD87 / RBDMANI2: processes the IDocs in 51 (or the one named) again. Returns how many it passed on. */
  reprocess(docnum?: string): number {
    const which = docnum ? [docnum] : this.waiting('51');
    return which.filter((d) => this.processIf(d, '51')).length;
  }

  /** RC1_IDOC_SET_STATUS to 68: SAP will not process the IDoc any more. Refused for a posted IDoc. */
  noFurtherProcessing(docnum: string): void {
    const current = this.current(docnum);
    if (current === undefined) throw new Error(`IDoc ${docnum} does not exist`);
    if (FINAL_INBOUND_STATUSES.has(current) || this.updating.has(docnum))
      throw new Error(`IDoc ${docnum} is in status ${current}; only an IDoc SAP still works on can be set to 68`);
    this.status(docnum, '68', { STATXT: 'Status set to 68 by RC1_IDOC_SET_STATUS' });
  }

  /** The IDoc is deleted (or archived and deleted): its control, status and data records are gone. */
  delete(docnum: string): void {
    const keep = <T extends { DOCNUM: string }>(rows: T[]): void => {
      const left = rows.filter((r) => r.DOCNUM !== docnum);
      rows.splice(0, rows.length, ...left);
    };
    keep(this.ledger.edidc);
    keep(this.ledger.edids);
    this.ledger.edid4.delete(docnum);
  }

  /** The IDoc's current status (EDIDC-STATUS), or undefined when it does not exist. */
  current(docnum: string): string | undefined {
    return this.ledger.edidc.find((c) => c.DOCNUM === docnum)?.STATUS;
  }

  /** IDocs by the reference the sender put in the control record's ARCKEY. */
  byReference(arckey: string): EdidcRow[] {
    return this.ledger.edidc.filter((c) => c.ARCKEY === arckey);
  }

  /** @internal the sandbox stops: scheduled jobs do not run any more. */
  stop(): void {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
  }

  private waiting(status: string): string[] {
    return this.ledger.edidc.filter((c) => c.STATUS === status).map((c) => c.DOCNUM);
  }

  private processIf(docnum: string, status: string): boolean {
    if (this.current(docnum) !== status || this.updating.has(docnum)) return false;
    this.process(docnum);
    return true;
  }

  /** Passes the IDoc to the application: 62, then 53 with the document (one LUW, by the update task) or 51. */
  private process(docnum: string): void {
    const data = this.ledger.edid4.get(docnum);
    if (!data) return;
    this.status(docnum, '62');
    const result = this.ledger.prepare(data.draft, data.user);
    if (result.ok) {
      this.updating.add(docnum);
      void this.ledger
        .commitWork([
          result.apply,
          () =>
            this.status(docnum, '53', {
              STAMID: 'RW',
              STAMNO: '605',
              STAPA1: 'BKPFF',
              STAPA2: result.objKey,
              STAPA3: this.ledger.logicalSystem,
            }),
        ])
        .finally(() => this.updating.delete(docnum));
      return;
    }
    for (const m of result.messages) {
      this.status(docnum, '51', {
        STATXT: m.MESSAGE.slice(0, 70),
        STAMID: m.ID,
        STAMNO: m.NUMBER,
        STATYP: m.TYPE,
        STAPA1: m.MESSAGE_V1,
        STAPA2: m.MESSAGE_V2,
        STAPA3: m.MESSAGE_V3,
        STAPA4: m.MESSAGE_V4,
      });
    }
    if (this.knobs.rbdmani2AfterMs > 0) this.later(this.knobs.rbdmani2AfterMs, () => this.processIf(docnum, '51'));
  }

  private later(ms: number, run: () => void): void {
    const timer = setTimeout(() => {
      this.timers.delete(timer);
      run();
    }, ms);
    timer.unref?.();
    this.timers.add(timer);
  }

  /** Appends a status record and makes it the IDoc's current status. */
  private status(DOCNUM: string, STATUS: string, extra: Partial<EdidsRow> = {}): void {
    const control = this.ledger.edidc.find((c) => c.DOCNUM === DOCNUM);
    if (!control) return; // deleted meanwhile
    const { date, time } = this.stamp();
    const counter = this.ledger.edids.filter((s) => s.DOCNUM === DOCNUM).length + 1;
    this.ledger.edids.push({
      DOCNUM,
      LOGDAT: date,
      LOGTIM: time,
      COUNTR: String(counter).padStart(6, '0'),
      STATUS,
      STATXT: STATUS_TEXT[STATUS] ?? '',
      STAPA1: '',
      STAPA2: '',
      STAPA3: '',
      STAPA4: '',
      STAMID: '',
      STAMNO: '000',
      STATYP: 'S',
      ...extra,
    });
    control.STATUS = STATUS;
  }

  private stamp(): { date: string; time: string } {
    const now = this.ledger.now().toISOString();
    return { date: now.slice(0, 10).replace(/-/g, ''), time: now.slice(11, 19).replace(/:/g, '') };
  }
}
