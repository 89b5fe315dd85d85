// The `?` overlay: every key of a screen, from the one table its keys.ts keeps (the review queue's by default; the
// Chargebacks tab passes its own).
import { useId } from 'react';
import { type Shortcut, SHORTCUTS } from './keys';
import { useModalDialog } from '../../ui/modal';

export function ShortcutOverlay({
  onClose,
  shortcuts = SHORTCUTS,
}: {
  onClose(): void;
  shortcuts?: readonly Shortcut[];
}) {
  const ref = useModalDialog();
  const id = useId();
  return (
    <dialog
      ref={ref}
      className="reason-dialog shortcut-overlay"
      aria-labelledby={`${id}-title`}
      onCancel={(e) => {
        e.preventDefault();
        onClose();
      }}
    >
      <h2 id={`${id}-title`}>Keyboard shortcuts</h2>
      <p className="muted">Keys do nothing while you type in a field; Esc leaves the filter.</p>
      <table className="mini shortcuts" aria-label="Keyboard shortcuts">
        <thead>
          <tr>
            <th scope="col">Key</th>
            <th scope="col">What it does</th>
          </tr>
        </thead>
        <tbody>
          {shortcuts.map((s) => (
            <tr key={s.what}>
              <td>
                {s.keys.map((k, i) => (
                  <span key={k}>
                    {i > 0 ? ' or ' : null}
                    <kbd>{k}</kbd>
                  </span>
                ))}
              </td>
              <td>{s.what}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="dialog-actions">
        <button type="button" className="btn primary" autoFocus onClick={onClose}>
          Close
        </button>
      </div>
    </dialog>
  );
}
