// The scheduled jobs (docs/ARCHITECTURE.md, "Jobs on a schedule"): each job's schedule, last and
// next run, with Run now (a clerk's, like Sync now) and Pause/Resume (an admin's: it stops the job
// for everyone sharing the store; the core refuses anyone else). Below, the runs of the job picked,
// newest first, each with its counts, error (and the counts a failed run reached) and log.
import { useEffect, useMemo, useState } from 'react';
import type { JobRunView, JobView } from '../../../../shared/api';
import { formatDateTime, formatTime } from '../../ui/format';
import { ListEmpty, ListToolbar, LoadError } from '../../ui/list-screen';
import { useReview } from '../review/context';
import { useJobs } from './context';
import { JobRunsChart } from './JobRunsChart';
import { scheduleInWords } from '../../ui/schedule-words';
import { runOutcome } from './outcome';

/** A time in the job's own zone when given, as its schedule reads (the zone named in the tooltip). */
function When({ iso, zone }: { iso: string | null; zone?: string }) {
  if (!iso) return <span className="secondary">—</span>;
  return (
    <time dateTime={iso} title={`${formatDateTime(iso, true, zone)}${zone ? ` (${zone})` : ''}`}>
      {formatDateTime(iso, false, zone)}
    </time>
  );
}

function StatusBadge({ status }: { status: JobRunView['status'] }) {
  return <span className={`badge job-${status}`}>{status}</span>;
}

function duration(run: JobRunView): string {
  if (!run.finishedAt) return 'running';
  const ms = Math.max(0, Date.parse(run.finishedAt) - Date.parse(run.startedAt));
  // Under ten seconds with its tenth (a run of half a second took "0 s", beside a chart bar of 0.5 s).
  if (ms < 10_000) return `${(ms / 1000).toFixed(1)} s`;
  const s = Math.round(ms / 1000);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min ${s % 60} s`;
}

function JobRow({ job }: { job: JobView }) {
  const acting = useJobs((s) => s.acting);
  const selected = useJobs((s) => s.selected);
  const select = useJobs((s) => s.select);
  const pause = useJobs((s) => s.pause);
  const resume = useJobs((s) => s.resume);
  const runNow = useJobs((s) => s.runNow);
  const isAdmin = useReview((s) => s.session?.roles.includes('admin') ?? false);
  const busy = acting !== null;
  return (
    <tr aria-selected={selected === job.name} className={selected === job.name ? 'selected' : undefined}>
      <td>
        <div className="two-line">
          <button
            type="button"
            className="link"
            onClick={() => select(job.name)}
            aria-label={`History of ${job.title}`}
          >
            {job.title}
          </button>
          <span className="secondary mono">{job.name}</span>
        </div>
      </td>
      <td>
        <div className="two-line">
          <span className="wrap">
            {scheduleInWords(job.schedule)} <span className="secondary mono nowrap">{job.schedule}</span>
          </span>
          <span className="secondary wrap">
            {job.zone}
            {job.businessHours
              ? `, ${job.businessHours.from}–${job.businessHours.to} on days ${job.businessHours.days.join(',')}`
              : ''}
            {job.jitterSeconds > 0 ? `, up to ${job.jitterSeconds} s later` : ''}
          </span>
        </div>
      </td>
      <td>
        {job.lastRun ? (
          <div className="two-line">
            <span>
              <StatusBadge status={job.running ? 'running' : job.lastRun.status} />{' '}
              <When iso={job.lastRun.startedAt} zone={job.zone} />
            </span>
            <span className="secondary">{runOutcome(job.lastRun).text}</span>
          </div>
        ) : (
          <span className="secondary">Never ran</span>
        )}
      </td>
      <td>
        {job.paused ? (
          <span className="badge job-skipped">Paused{job.pausedBy ? ` by ${job.pausedBy}` : ''}</span>
        ) : job.scheduled ? (
          <When iso={job.nextRun} zone={job.zone} />
        ) : (
          <span className="secondary" title="Background jobs are off in this ClearDesk (--sync-every 0)">
            Not scheduled here
          </span>
        )}
      </td>
      <td>
        <div className="jobs-actions">
          <button
            type="button"
            className="btn"
            disabled={busy || job.running}
            aria-busy={acting === job.name}
            aria-label={`Run ${job.title} now`}
            onClick={() => void runNow(job.name)}
          >
            {acting === job.name ? 'Running…' : 'Run now'}
          </button>
          <button
            type="button"
            className="btn ghost"
            disabled={busy || !isAdmin}
            title={isAdmin ? undefined : 'Only an admin pauses or resumes a job (it stops it for everyone).'}
            aria-label={`${job.paused ? 'Resume' : 'Pause'} ${job.title}`}
            onClick={() => void (job.paused ? resume(job.name) : pause(job.name))}
          >
            {job.paused ? 'Resume' : 'Pause'}
          </button>
        </div>
      </td>
    </tr>
  );
}

/** A run in its job's zone, as the job's last and next run read above (the zone named in the tooltip). */
function RunRow({ run, zone }: { run: JobRunView; zone: string | undefined }) {
  const [open, setOpen] = useState(false);
  const outcome = runOutcome(run);
  return (
    <tr>
      <td>
        <div className="two-line">
          <span className="mono">{run.job}</span>
          <span className="secondary">
            {run.trigger === 'manual' ? `run by ${run.requestedBy ?? 'someone'}` : run.trigger}
          </span>
        </div>
      </td>
      <td>
        <When iso={run.startedAt} zone={zone} />
      </td>
      <td>{duration(run)}</td>
      <td>
        <StatusBadge status={run.status} />
      </td>
      <td>
        <div>{outcome.text}</div>
        {outcome.reached ? <div className="secondary">{outcome.reached}</div> : null}
        {run.log.length > 0 ? (
          <details open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
            <summary>
              Log ({run.log.length} {run.log.length === 1 ? 'line' : 'lines'})
            </summary>
            <div className="job-log" role="log" aria-label={`Log of run ${run.id}`}>
              {run.log.map((l, i) => (
                <div key={i} className={`job-log-line job-log-${l.level}`}>
                  {/* In the run's zone, as its start reads beside it. */}
                  <span className="secondary" title={formatDateTime(l.at, true, zone)}>
                    {formatTime(l.at, zone)}
                  </span>
                  <span className="job-log-level">{l.level}</span>
                  <span>{l.message}</span>
                </div>
              ))}
            </div>
          </details>
        ) : null}
      </td>
    </tr>
  );
}

export function JobsScreen() {
  const rows = useJobs((s) => s.rows);
  const loading = useJobs((s) => s.loading);
  const loaded = useJobs((s) => s.loaded);
  const error = useJobs((s) => s.error);
  const actionError = useJobs((s) => s.actionError);
  const history = useJobs((s) => s.history);
  const zones = useMemo(() => new Map(rows.map((j) => [j.name, j.zone])), [rows]);
  const historyError = useJobs((s) => s.historyError);
  const selected = useJobs((s) => s.selected);
  const select = useJobs((s) => s.select);
  const load = useJobs((s) => s.load);
  const start = useJobs((s) => s.start);

  // Live while shown: runs start and end on their schedules.
  useEffect(() => start(), [start]);

  const title = rows.find((r) => r.name === selected)?.title;
  return (
    <main className="screen">
      <div className="queue-pane">
        <ListToolbar
          note="Work ClearDesk does on a schedule. A time that comes while a job still runs is skipped and shows here."
          loading={loading}
          onRefresh={() => void load()}
        />
        <LoadError what="jobs" error={error} onRetry={() => void load()} />
        {actionError ? (
          <div className="banner error" role="alert">
            {actionError}
          </div>
        ) : null}
        <div className="table-scroll">
          <table className="queue" aria-label="Jobs" aria-busy={loading}>
            <colgroup>
              <col style={{ width: 230 }} />
              <col style={{ width: 320 }} />
              <col />
              <col style={{ width: 170 }} />
              <col style={{ width: 190 }} />
            </colgroup>
            <thead>
              <tr>
                <th scope="col">Job</th>
                <th scope="col">Schedule</th>
                <th scope="col">Last run</th>
                <th scope="col">Next run</th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {rows.map((job) => (
                <JobRow key={job.name} job={job} />
              ))}
            </tbody>
          </table>
          <ListEmpty shown={rows.length} error={error} loaded={loaded} what="jobs">
            <p className="empty">No jobs.</p>
          </ListEmpty>
          <section className="jobs-history" aria-label="Run history">
            <div className="toolbar">
              <h2>{title ? `History of ${title}` : 'History of every job'}</h2>
              {selected ? (
                <div className="toolbar-right">
                  <button type="button" className="btn ghost" onClick={() => select(null)}>
                    Every job
                  </button>
                </div>
              ) : null}
            </div>
            {historyError ? (
              <div className="banner error" role="alert">
                Could not load the history. {historyError}
              </div>
            ) : null}
            <JobRunsChart runs={history} zones={zones} onPick={select} />
            <table className="queue" aria-label="Job runs">
              <colgroup>
                <col style={{ width: 200 }} />
                <col style={{ width: 160 }} />
                <col style={{ width: 100 }} />
                <col style={{ width: 100 }} />
                <col />
              </colgroup>
              <thead>
                <tr>
                  <th scope="col">Job</th>
                  <th scope="col">Started</th>
                  <th scope="col">Took</th>
                  <th scope="col">Status</th>
                  <th scope="col">What it did</th>
                </tr>
              </thead>
              <tbody>
                {history.map((run) => (
                  <RunRow key={run.id} run={run} zone={zones.get(run.job)} />
                ))}
              </tbody>
            </table>
            {history.length === 0 && !historyError ? <p className="empty">No runs yet.</p> : null}
          </section>
        </div>
      </div>
    </main>
  );
}
