/** One process as read in one scrape, already assigned to its group. */
export interface ProcessSample {
  /** pid and start time together, so a reused pid is a new process. */
  readonly key: string;
  readonly group: string;
  readonly state: string;
  readonly counters: Counters;
  readonly residentBytes: number;
  readonly virtualBytes: number;
  readonly swappedBytes: number;
  readonly threads: number;
  /** Unix seconds. */
  readonly startTime: number;
  /** Undefined where /proc/<pid>/fd is unreadable (another user's process, not root). */
  readonly openFds?: number;
  readonly maxFds?: number;
}

export const COUNTER_NAMES = [
  'userSeconds',
  'systemSeconds',
  'majorFaults',
  'readBytes',
  'writeBytes',
  'voluntaryCtxt',
  'nonvoluntaryCtxt',
] as const;
export type Counters = Record<(typeof COUNTER_NAMES)[number], number>;

export function zeroCounters(): Counters {
  return {
    userSeconds: 0,
    systemSeconds: 0,
    majorFaults: 0,
    readBytes: 0,
    writeBytes: 0,
    voluntaryCtxt: 0,
    nonvoluntaryCtxt: 0,
  };
}

function add(into: Counters, from: Counters): void {
  for (const k of COUNTER_NAMES) into[k] += from[k];
}

/** A group's figures for one scrape. */
export interface GroupSnapshot {
  readonly name: string;
  readonly numProcs: number;
  readonly counters: Counters;
  readonly residentBytes: number;
  readonly virtualBytes: number;
  readonly swappedBytes: number;
  readonly threads: number;
  readonly openFds: number;
  /** Highest open/max file-descriptor ratio among members; 0 when unknown. */
  readonly worstFdRatio: number;
  readonly states: ReadonlyMap<string, number>;
  /** Undefined when the group has no members now. */
  readonly oldestStartTime?: number;
}

interface GroupState {
  /** Counters of members that have exited, kept so the group's counters never go down. */
  readonly exited: Counters;
  live: Map<string, Counters>;
  lastSeen: number;
}

/**
 * Keeps per-group counters monotonic across member exits and forgets groups that have had
 * no members for `idleSeconds`, so series do not accumulate for every command ever seen.
 */
export class GroupTracker {
  private readonly groups = new Map<string, GroupState>();
  private droppedTotal = 0;

  constructor(
    private readonly idleSeconds: () => number,
    private readonly maxGroups: () => number,
  ) {}

  /** Processes left out because the group limit was reached, since start. */
  get dropped(): number {
    return this.droppedTotal;
  }

  update(samples: readonly ProcessSample[], now: number): GroupSnapshot[] {
    const byGroup = new Map<string, ProcessSample[]>();
    for (const s of samples) {
      let list = byGroup.get(s.group);
      if (!list) {
        if (!this.groups.has(s.group) && this.groups.size + byGroup.size >= this.maxGroups()) {
          this.droppedTotal++;
          continue;
        }
        list = [];
        byGroup.set(s.group, list);
      }
      list.push(s);
    }

    const snapshots: GroupSnapshot[] = [];
    for (const [name, state] of this.groups) {
      if (!byGroup.has(name)) {
        this.retire(state, new Map());
        if (now - state.lastSeen > this.idleSeconds()) this.groups.delete(name);
        else snapshots.push(this.snapshot(name, state, []));
      }
    }
    for (const [name, members] of byGroup) {
      let state = this.groups.get(name);
      if (!state) {
        state = { exited: zeroCounters(), live: new Map(), lastSeen: now };
        this.groups.set(name, state);
      }
      const live = new Map<string, Counters>();
      for (const m of members) {
        // A counter read lower than before (a racy read) keeps its previous value.
        const previous = state.live.get(m.key);
        const counters = { ...m.counters };
        if (previous)
          for (const k of COUNTER_NAMES) counters[k] = Math.max(counters[k], previous[k]);
        live.set(m.key, counters);
      }
      this.retire(state, live);
      state.lastSeen = now;
      snapshots.push(this.snapshot(name, state, members));
    }
    // By code unit, not localeCompare: its first call loads ICU's collator, about 18 ms of
    // every start.
    return snapshots.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  }

  /** Move members that are gone into the exited total and keep the rest. */
  private retire(state: GroupState, live: Map<string, Counters>): void {
    for (const [key, counters] of state.live) if (!live.has(key)) add(state.exited, counters);
    state.live = live;
  }

  private snapshot(
    name: string,
    state: GroupState,
    members: readonly ProcessSample[],
  ): GroupSnapshot {
    const counters = { ...state.exited };
    for (const c of state.live.values()) add(counters, c);
    const states = new Map<string, number>();
    let residentBytes = 0;
    let virtualBytes = 0;
    let swappedBytes = 0;
    let threads = 0;
    let openFds = 0;
    let worstFdRatio = 0;
    let oldestStartTime: number | undefined;
    for (const m of members) {
      residentBytes += m.residentBytes;
      virtualBytes += m.virtualBytes;
      swappedBytes += m.swappedBytes;
      threads += m.threads;
      openFds += m.openFds ?? 0;
      if (m.openFds !== undefined && m.maxFds)
        worstFdRatio = Math.max(worstFdRatio, m.openFds / m.maxFds);
      states.set(m.state, (states.get(m.state) ?? 0) + 1);
      if (oldestStartTime === undefined || m.startTime < oldestStartTime)
        oldestStartTime = m.startTime;
    }
    return {
      name,
      numProcs: members.length,
      counters,
      residentBytes,
      virtualBytes,
      swappedBytes,
      threads,
      openFds,
      worstFdRatio,
      states,
      oldestStartTime,
    };
  }
}
