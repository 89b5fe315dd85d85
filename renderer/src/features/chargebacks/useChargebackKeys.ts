// The Chargebacks tab's keyboard, on the review queue's key table and rules (../review/keys.ts: nothing while the
// clerk types, a modifier is held or a dialog is open): j/k or ↓/↑ move the current case, Enter opens it (a matched
// case's SAP posting, an unmatched one's first Link… button), x ticks it for a bulk action (shift+x: the range from
// the last one ticked), / goes to the filter box, ? shows the shortcuts (CHARGEBACK_SHORTCUTS), Esc leaves the case.
import { useEffect, useRef } from 'react';
import type { DisputeCaseDto } from '../../../../shared/api';
import { keyCommand } from '../review/keys';
import { CHARGEBACK_KEYS } from './keys';

export interface ChargebackKeysOptions {
  readonly rows: readonly DisputeCaseDto[];
  readonly cursor: number | null;
  setCursor(id: number | null): void;
  open(c: DisputeCaseDto): void;
  toggle(id: number, range: boolean): void;
  help(): void;
}

/** The filter box `/` focuses. */
export const CHARGEBACK_FILTER_ID = 'chargeback-filter';

export function useChargebackKeys(options: ChargebackKeysOptions): void {
  const latest = useRef(options);
  latest.current = options;
  useEffect(() => {
    function onKeyDown(event: KeyboardEvent) {
      const command = keyCommand(event, document.querySelector('dialog[open]') !== null, CHARGEBACK_KEYS);
      if (!command) return;
      const { rows, cursor, setCursor, open, toggle, help } = latest.current;
      const at = rows.findIndex((r) => r.id === cursor);
      switch (command) {
        case 'next':
        case 'previous': {
          if (rows.length === 0) return;
          const next = at === -1 ? (command === 'next' ? 0 : rows.length - 1) : at + (command === 'next' ? 1 : -1);
          const row = rows[Math.max(0, Math.min(rows.length - 1, next))]!;
          setCursor(row.id);
          document.querySelector(`[data-case-id="${row.id}"]`)?.scrollIntoView({ block: 'nearest' });
          // Enter now opens the current case, not the button that had the focus (the toolbar's, say).
          if (document.activeElement instanceof HTMLElement) document.activeElement.blur();
          break;
        }
        case 'open': {
          const row = rows[at];
          if (!row) return;
          open(row);
          break;
        }
        case 'select': {
          const row = rows[at];
          if (!row) return;
          toggle(row.id, event.shiftKey);
          break;
        }
        case 'filter': {
          const box = document.getElementById(CHARGEBACK_FILTER_ID) as HTMLInputElement | null;
          if (!box) return;
          box.focus();
          box.select();
          break;
        }
        case 'help':
          help();
          break;
        case 'close':
          if (cursor === null) return;
          setCursor(null);
          break;
        default:
          return;
      }
      event.preventDefault();
    }
    document.addEventListener('keydown', onKeyDown);
    return () => document.removeEventListener('keydown', onKeyDown);
  }, []);
}
