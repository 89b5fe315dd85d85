// Monitoring (issue 14): the job runs of the history over time, each bar a run, its height how long
// it took, its colour how it ended. A bar narrows the history to its job.
import { Bar, BarChart, CartesianGrid, Cell, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { JobRunView } from '../../../../shared/api';
import { formatDateTime } from '../../ui/format';

const COLOUR: Readonly<Record<JobRunView['status'], string>> = {
  ok: '#2e7d32',
  failed: '#c62828',
  skipped: '#90a4ae',
  running: '#1e6fd9',
};

interface RunPoint {
  readonly id: number;
  readonly job: string;
  readonly status: JobRunView['status'];
  readonly started: string;
  /** Seconds, to the tenth; a running run counts to now. */
  readonly seconds: number;
  readonly records: number;
}

/** Oldest first, as time runs left to right. */
export function runPoints(runs: readonly JobRunView[], now: number): RunPoint[] {
  return [...runs]
    .sort((a, b) => (a.startedAt < b.startedAt ? -1 : a.startedAt > b.startedAt ? 1 : a.id - b.id))
    .map((r) => {
      const end = r.finishedAt ? Date.parse(r.finishedAt) : now;
      return {
        id: r.id,
        job: r.job,
        status: r.status,
        started: r.startedAt,
        seconds: Math.max(0, Math.round((end - Date.parse(r.startedAt)) / 100) / 10),
        records: r.records,
      };
    });
}

const NO_ZONES: ReadonlyMap<string, string> = new Map();

export function JobRunsChart({
  runs,
  zones = NO_ZONES,
  onPick,
}: {
  runs: readonly JobRunView[];
  /** Each job's zone, as the Jobs table shows its times; without, the clerk's own. */
  zones?: ReadonlyMap<string, string>;
  onPick(job: string): void;
}) {
  if (runs.length === 0) return null;
  const points = runPoints(runs, Date.now());
  const zoneOf = new Map(points.map((p) => [p.started, zones.get(p.job)]));
  // With seconds: runs a minute apart or less would otherwise share a label.
  const time = (iso: string): string => formatDateTime(iso, true, zoneOf.get(iso));
  return (
    <figure className="chart-card job-runs-chart" aria-labelledby="job-runs-chart-title">
      <figcaption id="job-runs-chart-title">Job runs over time</figcaption>
      <p className="chart-note">
        Each bar a run: how long it took, green ok, red failed, grey skipped, blue running. A bar shows its job&apos;s
        history.
      </p>
      <ResponsiveContainer width="100%" height={160}>
        <BarChart data={points} margin={{ left: 4, right: 8, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="started" tickFormatter={time} fontSize={11} minTickGap={24} />
          <YAxis unit=" s" width={52} fontSize={11} />
          <Tooltip
            labelFormatter={(v) => time(String(v))}
            formatter={(v, _n, item) => {
              const p = (item as { payload: RunPoint }).payload;
              return [`${String(v)} s, ${p.status}, ${p.records} records`, p.job];
            }}
          />
          <Bar
            dataKey="seconds"
            maxBarSize={28}
            // A run of well under a second (a failure at once, most often) still shows, in its colour.
            minPointSize={3}
            name="Duration"
            cursor="pointer"
            isAnimationActive={false}
            onClick={(item) => onPick((item as unknown as { payload: RunPoint }).payload.job)}
          >
            {points.map((p) => (
              <Cell key={p.id} fill={COLOUR[p.status]} />
            ))}
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </figure>
  );
}
