// Monitoring (issue 14, item 5; docs/ARCHITECTURE.md, "Monitoring"): over 24 hours, 7 or 30 days, the job
// runs and their durations and records, PayTrace's, SAP's and North's error and retry rates and latency (p50/p95;
// North's while it is simulated or configured),
// the circuit breakers' state, and the queue depth and dead letters sampled after each sync. Every chart is
// a figure named by its caption, with the same figures as a table beneath it.
import { useEffect, useId, type ReactElement, type ReactNode } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Legend,
  Line,
  LineChart,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { MONITORING_WINDOWS, type MonitoringSeries, type MonitoringWindow } from '../../../../shared/api';
import { useApp } from '../../app/context';
import { LoadError } from '../../ui/list-screen';
import { JobRunsChart, runPoints } from '../jobs/JobRunsChart';
import { useJobs } from '../jobs/context';
import { useMonitoring } from './context';
import {
  BREAKER_LABEL,
  breakerPoints,
  breakerSystems,
  callPoints,
  intervalLabel,
  QUEUE_SERIES,
  queuePoints,
  runsIn,
  shownSystems,
  type CallPoint,
} from './figures';

const HEIGHT = 200;
const WINDOW_LABEL: Readonly<Record<MonitoringWindow, string>> = {
  '24h': '24 hours',
  '7d': '7 days',
  '30d': '30 days',
};
const COLOURS = { paytrace: '#1e6fd9', sap: '#8e24aa', north: '#00897b' } as const;
const QUEUE_COLOURS = ['#1e6fd9', '#ef6c00', '#90a4ae', '#c62828'];

export function MonitoringScreen() {
  const window = useMonitoring((s) => s.window);
  const series = useMonitoring((s) => s.series);
  const runs = useMonitoring((s) => s.runs);
  const loading = useMonitoring((s) => s.loading);
  const error = useMonitoring((s) => s.error);
  const start = useMonitoring((s) => s.start);
  const load = useMonitoring((s) => s.load);
  const setWindow = useMonitoring((s) => s.setWindow);
  const go = useApp((s) => s.go);
  const selectJob = useJobs((s) => s.select);

  useEffect(() => start(), [start]);

  return (
    <main className="screen dashboard monitoring" aria-busy={loading}>
      <div className="dashboard-scroll">
        <div className="toolbar">
          <p className="toolbar-note">
            The last {WINDOW_LABEL[window]}, per {series?.unit === 'day' ? 'day' : 'hour'}. Calls are flushed once a
            minute; the queue is sampled after each sync.
          </p>
          <div className="toolbar-right" role="group" aria-label="Window">
            {MONITORING_WINDOWS.map((w) => (
              <button
                key={w}
                type="button"
                className={w === window ? 'btn primary' : 'btn ghost'}
                aria-pressed={w === window}
                onClick={() => setWindow(w)}
              >
                {WINDOW_LABEL[w]}
              </button>
            ))}
            <button type="button" className="btn ghost" onClick={() => void load()} disabled={loading}>
              {loading ? 'Loading…' : 'Refresh'}
            </button>
          </div>
        </div>
        <LoadError what="monitoring figures" error={error} onRetry={() => void load()} />
        {series ? (
          <Charts
            series={series}
            runs={runsIn(runs, series)}
            onPickJob={(job) => {
              selectJob(job);
              go('jobs');
            }}
          />
        ) : null}
      </div>
    </main>
  );
}

function Charts({
  series,
  runs,
  onPickJob,
}: {
  series: MonitoringSeries;
  runs: ReturnType<typeof runsIn>;
  onPickJob(job: string): void;
}) {
  const label = (i: unknown) => intervalLabel(String(i), series.unit);
  const calls = callPoints(series);
  const systems = shownSystems(series);
  const breakers = breakerPoints(series);
  const withBreaker = breakerSystems(series);
  const queue = queuePoints(series);
  const points = runPoints(runs, Date.now());
  const axis = <XAxis dataKey="interval" tickFormatter={label} fontSize={11} minTickGap={24} />;

  return (
    <div className="dashboard-grid">
      <div className="monitoring-runs">
        {runs.length > 0 ? (
          <JobRunsChart runs={runs} onPick={onPickJob} />
        ) : (
          <p className="chart-empty">No job ran in this window.</p>
        )}
        <DataTable
          caption="Job runs"
          head={['Started', 'Job', 'Status', 'Seconds', 'Records']}
          rows={points.map((p) => [new Date(p.started).toLocaleString(), p.job, p.status, p.seconds, p.records])}
        />
      </div>

      <ChartCard
        title="Records per run"
        note="What each job run counted (transactions read, items mirrored, files written), oldest first."
        table={
          <DataTable
            caption="Records per run"
            head={['Started', 'Job', 'Records']}
            rows={points.map((p) => [new Date(p.started).toLocaleString(), p.job, p.records])}
          />
        }
      >
        <BarChart data={points} margin={{ left: 4, right: 8, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis
            dataKey="started"
            tickFormatter={(v) => new Date(String(v)).toLocaleString(undefined, { hour: 'numeric', minute: '2-digit' })}
            fontSize={11}
            minTickGap={24}
          />
          <YAxis allowDecimals={false} width={48} fontSize={11} />
          <Tooltip labelFormatter={(v) => new Date(String(v)).toLocaleString()} />
          <Bar dataKey="records" name="Records" fill="#2e7d32" maxBarSize={28} isAnimationActive={false} />
        </BarChart>
      </ChartCard>

      <ChartCard
        title="Error and retry rates"
        note="Of each interval's attempts: failed for good or refused by an open breaker (errors), and tried again (retries), in percent."
        table={
          <DataTable
            caption="Error and retry rates"
            head={[
              'Interval',
              ...systems.flatMap((s) => [`${s.label} attempts`, `${s.label} errors %`, `${s.label} retries %`]),
            ]}
            rows={measured(
              calls,
              systems.map((s) => `${s.key}Attempts`),
            ).map((p) => [
              label(p.interval),
              ...systems.flatMap((s) => [p[`${s.key}Attempts`], p[`${s.key}Errors`], p[`${s.key}Retries`]]),
            ])}
          />
        }
      >
        <LineChart data={calls} margin={{ left: 4, right: 8, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          {axis}
          <YAxis unit="%" domain={[0, 100]} width={48} fontSize={11} />
          <Tooltip labelFormatter={label} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {systems.flatMap((s) => [
            <Line
              key={`${s.key}e`}
              dataKey={`${s.key}Errors`}
              name={`${s.label} errors`}
              stroke={COLOURS[s.key]}
              dot={false}
              isAnimationActive={false}
            />,
            <Line
              key={`${s.key}r`}
              dataKey={`${s.key}Retries`}
              name={`${s.label} retries`}
              stroke={COLOURS[s.key]}
              strokeDasharray="4 3"
              dot={false}
              isAnimationActive={false}
            />,
          ])}
        </LineChart>
      </ChartCard>

      <ChartCard
        title="Call latency"
        note="p50 and p95 of each interval's attempts, in ms (the upper bound of the latency bucket they fall in)."
        table={
          <DataTable
            caption="Call latency"
            head={['Interval', ...systems.flatMap((s) => [`${s.label} p50 ms`, `${s.label} p95 ms`])]}
            rows={measured(
              calls,
              systems.map((s) => `${s.key}Attempts`),
            ).map((p) => [label(p.interval), ...systems.flatMap((s) => [p[`${s.key}P50`], p[`${s.key}P95`]])])}
          />
        }
      >
        <LineChart data={calls} margin={{ left: 4, right: 8, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          {axis}
          <YAxis unit=" ms" width={64} fontSize={11} />
          <Tooltip labelFormatter={label} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {systems.flatMap((s) => [
            <Line
              key={`${s.key}50`}
              dataKey={`${s.key}P50`}
              name={`${s.label} p50`}
              stroke={COLOURS[s.key]}
              isAnimationActive={false}
            />,
            <Line
              key={`${s.key}95`}
              dataKey={`${s.key}P95`}
              name={`${s.label} p95`}
              stroke={COLOURS[s.key]}
              strokeDasharray="4 3"
              isAnimationActive={false}
            />,
          ])}
        </LineChart>
      </ChartCard>

      <ChartCard
        title="Circuit breaker state"
        note="The worst state of each breaker in the interval: closed (calls go through), half-open (one trial call), open (calls refused)."
        table={
          <DataTable
            caption="Circuit breaker state"
            head={['Interval', ...withBreaker.flatMap((s) => [`${s.label} state`, `${s.label} opened`])]}
            rows={breakers
              .filter((p) => withBreaker.some((s) => (p[s.key] ?? 0) !== 0 || (p[`${s.key}Opened`] ?? 0) !== 0))
              .map((p) => [
                label(p.interval),
                ...withBreaker.flatMap((s) => [BREAKER_LABEL[Number(p[s.key] ?? 0)], p[`${s.key}Opened`] ?? 0]),
              ])}
            empty="Every breaker stayed closed."
          />
        }
      >
        <LineChart data={breakers} margin={{ left: 4, right: 8, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          {axis}
          <YAxis
            domain={[0, 2]}
            ticks={[0, 1, 2]}
            tickFormatter={(v) => BREAKER_LABEL[Number(v)] ?? ''}
            width={72}
            fontSize={11}
          />
          <Tooltip labelFormatter={label} formatter={(v, name) => [BREAKER_LABEL[Number(v)] ?? '', name]} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {withBreaker.map((s) => (
            <Line
              key={s.key}
              type="stepAfter"
              dataKey={s.key}
              name={s.label}
              stroke={COLOURS[s.key]}
              dot={false}
              isAnimationActive={false}
            />
          ))}
        </LineChart>
      </ChartCard>

      <ChartCard
        title="Queue depth and dead letters"
        note="Sampled after each sync, the highest of the interval: payments waiting in each tab, and dead letters not resolved."
        table={
          <DataTable
            caption="Queue depth and dead letters"
            head={['Interval', ...QUEUE_SERIES.map((q) => q.label), 'Dead letters']}
            rows={queue
              .filter((p) => p.deadLetters !== null)
              .map((p) => [label(p.interval), ...QUEUE_SERIES.map((q) => p[q.key]), p.deadLetters])}
          />
        }
      >
        <LineChart data={queue} margin={{ left: 4, right: 8, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          {axis}
          <YAxis allowDecimals={false} width={48} fontSize={11} />
          <Tooltip labelFormatter={label} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {QUEUE_SERIES.map((q, i) => (
            <Line
              key={q.key}
              dataKey={q.key}
              name={q.label}
              stroke={QUEUE_COLOURS[i]}
              connectNulls
              isAnimationActive={false}
            />
          ))}
          <Line
            dataKey="deadLetters"
            name="Dead letters"
            stroke="#000"
            strokeDasharray="2 2"
            connectNulls
            isAnimationActive={false}
          />
        </LineChart>
      </ChartCard>
    </div>
  );
}

/** The points where any of `keys` counted something. */
const measured = (points: CallPoint[], keys: string[]): CallPoint[] =>
  points.filter((p) => keys.some((k) => Number(p[k] ?? 0) > 0));

function ChartCard({
  title,
  note,
  table,
  children,
}: {
  title: string;
  note: string;
  table: ReactNode;
  children: ReactElement;
}) {
  const id = useId();
  return (
    <figure className="chart-card" aria-labelledby={id}>
      <figcaption id={id}>{title}</figcaption>
      <p className="chart-note">{note}</p>
      <div className="chart-box">
        <ResponsiveContainer width="100%" height={HEIGHT}>
          {children}
        </ResponsiveContainer>
      </div>
      {table}
    </figure>
  );
}

/** The chart's figures as a table: what a screen reader reads, and anyone who wants the numbers. */
function DataTable({
  caption,
  head,
  rows,
  empty = 'Nothing measured in this window.',
}: {
  caption: string;
  head: string[];
  rows: (string | number | null | undefined)[][];
  empty?: string;
}) {
  return (
    <details className="chart-table">
      <summary>{caption} as a table</summary>
      {rows.length === 0 ? (
        <p className="chart-empty">{empty}</p>
      ) : (
        <table>
          <caption>{caption}</caption>
          <thead>
            <tr>
              {head.map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r, i) => (
              <tr key={i}>
                {r.map((v, j) => (
                  <td key={j}>{v ?? '–'}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </details>
  );
}
