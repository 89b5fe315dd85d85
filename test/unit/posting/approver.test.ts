// Who approved, as SAP's own audit shows it (shared/posting/approver.ts): BKPF-USNAM from the admin's
// mapping, BKPF-BKTXT naming the person in 25 characters.
import { describe, expect, it } from 'vitest';
import { approverHeaderText, fitName, sapUserFor } from '../../../shared/posting';

describe('approver', () => {
  it('maps a ClearDesk user to their SAP user whatever the case, upper-cased as USR02 keeps it', () => {
    const mappings = [{ user: 'Dana.Approver@example.com', sapUser: 'dapprover' }];
    expect(sapUserFor(mappings, 'dana.approver@EXAMPLE.com')).toBe('DAPPROVER');
    expect(sapUserFor(mappings, 'someone.else')).toBeNull();
  });

  it('names the approver in at most 25 characters: as is, with initials, the login, or cut', () => {
    expect(approverHeaderText({ name: 'Dana Approver', sapUser: null })).toBe('Appr. Dana Approver');
    expect(approverHeaderText({ name: 'Maximilian Alexander Schulzenberg', sapUser: null })).toBe(
      'Appr. M. A. Schulzenberg',
    );
    expect(fitName('maximilian.schulzenberg@example.com', 19)).toBe('maximilian.schulze.');
    expect(fitName('max.s@example.com', 10)).toBe('max.s');
    expect(approverHeaderText({ name: 'system:auto', sapUser: null })).toBe('ClearDesk automatic tier');
    for (const name of ['A', 'Dana Approver', 'x'.repeat(80), 'Jean-Baptiste Emmanuel Zorg de la Fontaine'])
      expect(approverHeaderText({ name, sapUser: null }).length).toBeLessThanOrEqual(25);
  });
});
