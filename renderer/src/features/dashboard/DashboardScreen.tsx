// The dashboard (issue 12, item 5): what the AR team's day looks like, as charts. Every bar and
// point opens the review queue narrowed to what it shows (figures.ts, `drills`); the unapplied
// cash tiles do the same. Money charts show one currency at a time (amounts of two currencies do
// not add up); amounts are integer minor units, formatted by ui/money.ts.
import { Children, useEffect, useId, type ReactNode } from 'react';
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
import type { AgingBucket, DashboardSummary, QueueState } from '../../../../shared/api';
import { useApp } from '../../app/context';
import { LoadError } from '../../ui/list-screen';
import { formatMoney, formatMoneyCompact } from '../../ui/money';
import type { DrillView } from '../review/store';
import { useDashboard } from './context';
import {
  agingOf,
  automaticRate,
  currenciesOf,
  drills,
  firstTimeRightRate,
  reliabilityOf,
  stackByState,
  STATE_SERIES,
  type RatePoint,
  type ReliabilityPoint,
} from './figures';
import { MIN_TRAINING_LABELS } from '../../../../shared/matching/model-prior';

const HEIGHT = 210;
const BLUE = '#1e6fd9';
const RED = '#c62828';
const GREEN = '#2e7d32';

/** "12/04" from "2026-12-04": the axis has little room. */
const shortDay = (day: string): string => `${day.slice(5, 7)}/${day.slice(8, 10)}`;

/** The datum a recharts bar was clicked with. */
const datumOf = <T,>(item: unknown): T => (item as { payload: T }).payload;

export function DashboardScreen() {
  const summary = useDashboard((s) => s.summary);
  const loading = useDashboard((s) => s.loading);
  const error = useDashboard((s) => s.error);
  const currency = useDashboard((s) => s.currency);
  const setCurrency = useDashboard((s) => s.setCurrency);
  const load = useDashboard((s) => s.load);
  const start = useDashboard((s) => s.start);
  const openDrill = useApp((s) => s.openDrill);

  useEffect(() => start(), [start]);

  const currencies = summary ? currenciesOf(summary) : [];
  return (
    <main className="screen dashboard" aria-busy={loading}>
      <div className="dashboard-scroll">
        <div className="toolbar">
          <p className="toolbar-note">
            {summary
              ? `The last ${summary.days.length} days to ${summary.today} (${summary.zone}). Click a bar or a point to open what it shows in the queue.`
              : ' '}
          </p>
          <div className="toolbar-right">
            <label className="inline-field">
              Currency{' '}
              <select
                value={currency ?? ''}
                onChange={(e) => setCurrency(e.target.value)}
                disabled={currencies.length === 0}
              >
                {currencies.map((c) => (
                  <option key={c} value={c}>
                    {c}
                  </option>
                ))}
              </select>
            </label>
            <button type="button" className="btn ghost" onClick={() => void load()} disabled={loading}>
              {loading ? 'Loading…' : 'Refresh'}
            </button>
          </div>
        </div>
        <LoadError what="dashboard figures" error={error} onRetry={() => void load()} />
        {summary ? <Charts summary={summary} currency={currency} open={openDrill} /> : null}
      </div>
    </main>
  );
}

function Charts({
  summary,
  currency,
  open,
}: {
  summary: DashboardSummary;
  currency: string | null;
  open: (drill: DrillView, batch?: number | null) => void;
}) {
  const cur = currency ?? 'USD';
  const money = (minor: number) => formatMoney({ minor, currency: cur });
  const axisMoney = (minor: number) => formatMoneyCompact({ minor, currency: cur });
  const byDay = stackByState(summary.stateByDay, (r: { day: string }) => r.day, summary.days, cur);
  const batches = [...new Set(summary.stateByBatch.map((r) => r.batch))].sort((a, b) => a - b);
  const byBatch = stackByState(summary.stateByBatch, (r: { batch: number }) => r.batch, batches, cur);
  const statesIn = (rows: readonly { state: string; currency: string }[]) =>
    STATE_SERIES.filter((s) => rows.some((r) => r.state === s.state && r.currency === cur));

  return (
    <div className="dashboard-grid">
      <section className="chart-card tiles" aria-labelledby="unapplied-title">
        <h2 id="unapplied-title">Unapplied cash</h2>
        <p className="chart-note">
          Sales received and not applied in SAP (new, to review, second approval, parked, failed).
        </p>
        {summary.unapplied.length === 0 ? (
          <p className="chart-empty">
            {/* No sale at all in the window (before the first sync, most often) is not "every sale applied". */}
            {summary.stateByDay.length === 0 ? 'No sales in this window yet.' : 'None: every sale is applied.'}
          </p>
        ) : (
          <ul className="tile-list">
            {summary.unapplied.map((u) => (
              <li key={u.currency}>
                <button
                  type="button"
                  className="tile"
                  aria-label={`Unapplied ${u.currency}: ${formatMoney(u)} in ${u.count} ${u.count === 1 ? 'sale' : 'sales'}; open them in the queue`}
                  onClick={() => open(drills.unapplied(u.currency))}
                >
                  <span className="tile-amount">{formatMoney(u)}</span>
                  <span className="tile-note">
                    {u.count} {u.count === 1 ? 'sale' : 'sales'}
                  </span>
                </button>
              </li>
            ))}
          </ul>
        )}
      </section>

      <RateChart
        title="Automatic-match rate"
        note="Payments of each day whose first proposal matched automatically."
        points={automaticRate(summary)}
        colour={BLUE}
        of="proposed"
        onPick={(day) => open(drills.automatic(day))}
      />
      <RateChart
        title="First-time-right rate"
        note="Approvals of each day made without a correction."
        points={firstTimeRightRate(summary)}
        colour={GREEN}
        of="approved"
        onPick={(day) => open(drills.firstTimeRight(day))}
      />

      <ChartCard
        title={`Amounts by state per day (${cur})`}
        note="Payments by the day of the transaction."
        table={{
          columns: ['Day', 'State', 'Amount', 'Payments'],
          rows: stackedRows(byDay, statesIn(summary.stateByDay), String, money, (day, state) =>
            open(drills.stateOnDay(day, state, cur)),
          ),
        }}
      >
        <BarChart data={byDay} margin={{ left: 4, right: 8, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="key" tickFormatter={shortDay} fontSize={11} />
          <YAxis tickFormatter={axisMoney} allowDecimals={false} width={48} fontSize={11} />
          <Tooltip formatter={(v, name, item) => moneyTip(v, name, item, money)} labelFormatter={String} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {statesIn(summary.stateByDay).map((s) => (
            <Bar
              key={s.state}
              dataKey={s.state}
              name={s.label}
              stackId="state"
              fill={s.colour}
              cursor="pointer"
              isAnimationActive={false}
              onClick={(item) => open(drills.stateOnDay(datumOf<{ key: string }>(item).key, s.state, cur))}
            />
          ))}
        </BarChart>
      </ChartCard>

      <ChartCard
        title={`Amounts by state per settlement batch (${cur})`}
        note={
          batches.length === 0
            ? 'No PayTrace settlement batch yet.'
            : batches.length === 1
              ? 'The newest PayTrace settlement batch.'
              : `The newest ${batches.length} PayTrace settlement batches.`
        }
        table={{
          columns: ['Batch', 'State', 'Amount', 'Payments'],
          rows: stackedRows(
            byBatch,
            statesIn(summary.stateByBatch),
            (b) => `Batch ${b}`,
            money,
            (b, state) => open(drills.stateInBatch(Number(b), state, cur), Number(b)),
          ),
        }}
      >
        <BarChart data={byBatch} margin={{ left: 4, right: 8, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="key" fontSize={11} />
          <YAxis tickFormatter={axisMoney} allowDecimals={false} width={48} fontSize={11} />
          <Tooltip formatter={(v, name, item) => moneyTip(v, name, item, money)} labelFormatter={(b) => `Batch ${b}`} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          {statesIn(summary.stateByBatch).map((s) => (
            <Bar
              key={s.state}
              dataKey={s.state}
              name={s.label}
              stackId="state"
              fill={s.colour}
              cursor="pointer"
              isAnimationActive={false}
              onClick={(item) => {
                const batch = Number(datumOf<{ key: string }>(item).key);
                open(drills.stateInBatch(batch, s.state, cur), batch);
              }}
            />
          ))}
        </BarChart>
      </ChartCard>

      <AgingChart
        title={`Aging of open items in SAP (${cur})`}
        note="Open items in the mirror by days past due (due date, else posting date); a bar opens the payments proposed against them."
        points={agingOf(summary.openItemAging, cur, true)}
        money={money}
        axisMoney={axisMoney}
        onPick={(bucket) => open(drills.openItemAging(summary, bucket, cur))}
      />
      <AgingChart
        title={`Aging of the review queue (${cur})`}
        note="Payments waiting for a person, by days since the transaction."
        points={agingOf(summary.queueAging, cur, false)}
        money={money}
        axisMoney={axisMoney}
        onPick={(bucket) => open(drills.queueAging(summary, bucket, cur))}
      />

      <ChartCard
        title="Sync volume and dead letters"
        note="PayTrace transactions first ingested each day, and dead letters written (a bar opens their payments)."
        table={{
          columns: ['Day', 'Figure', 'Count'],
          rows: summary.sync.flatMap((d) => [
            ...(d.ingested > 0
              ? [
                  {
                    key: `${d.day}|i`,
                    cells: [d.day, 'Ingested', String(d.ingested)],
                    open: () => open(drills.ingested(d.day)),
                  },
                ]
              : []),
            ...(d.deadLetters > 0
              ? [
                  {
                    key: `${d.day}|d`,
                    cells: [d.day, 'Dead letters', String(d.deadLetters)],
                    open: () => open(drills.deadLetters(d.day)),
                  },
                ]
              : []),
          ]),
        }}
      >
        <BarChart data={summary.sync} margin={{ left: 4, right: 8, top: 8 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="day" tickFormatter={shortDay} fontSize={11} />
          <YAxis allowDecimals={false} width={40} fontSize={11} />
          <Tooltip labelFormatter={String} />
          <Legend wrapperStyle={{ fontSize: 11 }} />
          <Bar
            dataKey="ingested"
            name="Ingested"
            fill={BLUE}
            cursor="pointer"
            isAnimationActive={false}
            onClick={(item) => open(drills.ingested(datumOf<{ day: string }>(item).day))}
          />
          <Bar
            dataKey="deadLetters"
            name="Dead letters"
            fill={RED}
            cursor="pointer"
            isAnimationActive={false}
            onClick={(item) => open(drills.deadLetters(datumOf<{ day: string }>(item).day))}
          />
        </BarChart>
      </ChartCard>

      <ReliabilityChart summary={summary} />
    </div>
  );
}

/**
 * The learned model's calibration: per bin of predicted probability, the mean prediction beside the
 * share of the matcher's proposals approved unchanged, with the counts (also as a table, for a
 * screen reader and for the exact figures).
 */
function ReliabilityChart({ summary }: { summary: DashboardSummary }) {
  const points = reliabilityOf(summary);
  const m = summary.reliability.model;
  const decided = points.reduce((a, p) => a + p.count, 0);
  const weights =
    m.source === 'prior'
      ? `Weights: starting weights, until ${MIN_TRAINING_LABELS} decisions of this team train a model.`
      : `Weights: model version ${m.version}, trained on ${m.labels} clerk decisions.`;
  const note =
    decided === 0
      ? `No decided proposal with a learned confidence yet. ${weights}`
      : `${decided} decided proposals of the matcher by learned confidence: well calibrated when the bars of a bin are alike. ${weights}`;
  return (
    <ChartCard title="Learned confidence against approvals" note={note}>
      <BarChart data={points} margin={{ left: 4, right: 8, top: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="label" fontSize={10} />
        <YAxis domain={[0, 100]} unit="%" allowDecimals={false} width={44} fontSize={11} />
        <Tooltip
          formatter={(v, name, item) => {
            const p = (item as { payload: ReliabilityPoint }).payload;
            return [`${String(v)}% (${p.hits} of ${p.count} approved unchanged)`, String(name)];
          }}
        />
        <Legend wrapperStyle={{ fontSize: 11 }} />
        <Bar dataKey="predicted" name="Predicted" fill={BLUE} isAnimationActive={false} />
        <Bar dataKey="approved" name="Approved unchanged" fill={GREEN} isAnimationActive={false} />
      </BarChart>
      <table className="mini" aria-label="Learned confidence against approvals, per bin">
        <thead>
          <tr>
            <th scope="col">Predicted</th>
            <th scope="col" className="right">
              Proposals
            </th>
            <th scope="col" className="right">
              Approved unchanged
            </th>
          </tr>
        </thead>
        <tbody>
          {points
            .filter((p) => p.count > 0)
            .map((p) => (
              <tr key={p.label}>
                <td>{`${p.label} (mean ${p.predicted ?? 0} %)`}</td>
                <td className="right">{p.count}</td>
                <td className="right">{`${p.hits} (${p.approved ?? 0} %)`}</td>
              </tr>
            ))}
        </tbody>
      </table>
    </ChartCard>
  );
}

/** A tooltip line for a stacked money bar: the amount and how many payments it sums. */
function moneyTip(
  value: unknown,
  name: unknown,
  item: { dataKey?: unknown; payload?: Record<string, unknown> },
  money: (minor: number) => string,
): [string, string] {
  const count = Number(item.payload?.[`${String(item.dataKey)}#n`] ?? 0);
  return [`${money(Number(value))} (${count})`, String(name)];
}

/** A chart's figures as rows, each with the drill its bar or point opens: the keyboard's and screen readers' way in. */
interface ChartTable {
  readonly columns: readonly string[];
  readonly rows: readonly { key: string; cells: readonly string[]; open?: () => void }[];
}

/**
 * A chart with its title as its accessible name (a figure named by its caption), and its figures as a
 * table behind "Show as table": every bar or point a mouse can click is a button there.
 */
function ChartCard({
  title,
  note,
  table,
  children,
}: {
  title: string;
  note: string;
  table?: ChartTable;
  children: ReactNode;
}) {
  const id = useId();
  // The first child is the chart; anything after it (a table of the figures) goes below the chart.
  const [chart, ...after] = Children.toArray(children);
  return (
    <figure className="chart-card" aria-labelledby={id}>
      <figcaption id={id}>{title}</figcaption>
      <p className="chart-note">{note}</p>
      <div className="chart-box">
        <ResponsiveContainer width="100%" height={HEIGHT}>
          {chart as React.ReactElement}
        </ResponsiveContainer>
      </div>
      {after}
      {table ? (
        <details className="chart-table">
          <summary>Show as table</summary>
          {table.rows.length === 0 ? (
            <p className="chart-empty">Nothing in these days.</p>
          ) : (
            <table className="data" aria-label={title}>
              <thead>
                <tr>
                  {table.columns.map((c) => (
                    <th key={c} scope="col">
                      {c}
                    </th>
                  ))}
                  <th scope="col">
                    <span className="visually-hidden">Open</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {table.rows.map((r) => (
                  <tr key={r.key}>
                    {r.cells.map((c, i) => (
                      <td key={i}>{c}</td>
                    ))}
                    <td>
                      {r.open ? (
                        <button
                          type="button"
                          className="btn small"
                          onClick={r.open}
                          aria-label={`Open ${r.cells.join(', ')} in the queue`}
                        >
                          Open in queue
                        </button>
                      ) : null}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
        </details>
      ) : null}
    </figure>
  );
}

/** Rows of a stacked money chart: one per key and state with an amount, in the chart's order. */
function stackedRows(
  rows: readonly Record<string, string | number>[],
  states: readonly { state: QueueState; label: string }[],
  keyLabel: (key: string) => string,
  money: (minor: number) => string,
  open: (key: string, state: QueueState) => void,
): ChartTable['rows'] {
  return rows.flatMap((r) =>
    states
      .filter((s) => Number(r[s.state] ?? 0) !== 0)
      .map((s) => {
        const key = String(r.key);
        return {
          key: `${key}|${s.state}`,
          cells: [keyLabel(key), s.label, money(Number(r[s.state])), String(r[`${s.state}#n`] ?? 0)],
          open: () => open(key, s.state),
        };
      }),
  );
}

function RateChart({
  title,
  note,
  points,
  colour,
  of,
  onPick,
}: {
  title: string;
  note: string;
  points: RatePoint[];
  colour: string;
  of: string;
  onPick(day: string): void;
}) {
  const empty = points.every((p) => p.of === 0);
  const table: ChartTable = {
    columns: ['Day', 'Rate', `Of ${of}`],
    rows: points
      .filter((p) => p.of > 0)
      .map((p) => ({ key: p.day, cells: [p.day, `${p.rate}%`, `${p.hits} of ${p.of}`], open: () => onPick(p.day) })),
  };
  return (
    <ChartCard title={title} note={empty ? `${note} Nothing to rate in these days yet.` : note} table={table}>
      <LineChart
        data={points}
        margin={{ left: 4, right: 12, top: 8 }}
        onClick={(state) => {
          const day = state.activeLabel;
          const point = points.find((p) => p.day === day);
          if (point && point.of > 0) onPick(point.day);
        }}
        style={{ cursor: 'pointer' }}
      >
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        <XAxis dataKey="day" tickFormatter={shortDay} fontSize={11} />
        <YAxis domain={[0, 100]} unit="%" allowDecimals={false} width={44} fontSize={11} />
        <Tooltip
          labelFormatter={String}
          formatter={(v, _n, item) => {
            const p = (item as { payload: RatePoint }).payload;
            return [`${String(v)}% (${p.hits} of ${p.of} ${of})`, title];
          }}
        />
        <Line
          dataKey="rate"
          name={title}
          stroke={colour}
          strokeWidth={2}
          dot={{ r: 3 }}
          activeDot={{ r: 6 }}
          connectNulls
          isAnimationActive={false}
        />
      </LineChart>
    </ChartCard>
  );
}

function AgingChart({
  title,
  note,
  points,
  money,
  axisMoney,
  onPick,
}: {
  title: string;
  note: string;
  points: ReturnType<typeof agingOf>;
  money: (minor: number) => string;
  axisMoney: (minor: number) => string;
  onPick(bucket: AgingBucket): void;
}) {
  const table: ChartTable = {
    columns: ['Age', 'Amount', 'Count'],
    rows: points
      .filter((p) => p.count > 0)
      .map((p) => ({ key: p.bucket, cells: [p.label, money(p.minor), String(p.count)], open: () => onPick(p.bucket) })),
  };
  return (
    <ChartCard title={title} note={note} table={table}>
      <BarChart data={points} margin={{ left: 4, right: 8, top: 8 }}>
        <CartesianGrid strokeDasharray="3 3" vertical={false} />
        {/* Every bucket named, an empty one too: recharts would drop a label it finds crowded. */}
        <XAxis dataKey="label" fontSize={11} interval={0} />
        <YAxis tickFormatter={axisMoney} allowDecimals={false} width={48} fontSize={11} />
        <Tooltip
          formatter={(v, _n, item) => [
            `${money(Number(v))} (${(item as { payload: { count: number } }).payload.count})`,
            'Amount',
          ]}
        />
        <Bar
          dataKey="minor"
          name="Amount"
          fill={BLUE}
          cursor="pointer"
          isAnimationActive={false}
          onClick={(item) => onPick(datumOf<{ bucket: AgingBucket }>(item).bucket)}
        />
      </BarChart>
    </ChartCard>
  );
}
