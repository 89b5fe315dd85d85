// The `?` overlay: every key of the review queue, from the one table keys.ts keeps.
import { useEffect, useId, useRef } from 'react';
import { SHORTCUTS } from './keys';

export function ShortcutOverlay({ onClose }: { onClose(): void }) {
  const ref = useRef<HTMLDialogElement>(null);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (dialog && !dialog.open) dialog.showModal();
    return () => dialog?.close();
  }, []);
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
          {SHORTCUTS.map((s) => (
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
