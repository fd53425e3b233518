// Which device events the bridge already holds, by device, boot and sequence number, so that a frame
// retransmitted after a lost ACK is acknowledged again but queued only once. Kept per (device, boot) as the
// sequence numbers within a window below the highest seen: devices only retransmit what is still in their small
// buffer (at most 255 events in the Arduino library), so a window of 1024 is plenty.
export interface DeviceEventKey {
  readonly deviceId: string;
  readonly bootId: number;
  readonly seq: number;
}

export interface SeenEventsSnapshot {
  readonly boots: [string, number[]][];
}

export class SeenEvents {
  private readonly boots = new Map<string, Set<number>>();

  constructor(
    private readonly windowPerBoot = 1024,
    private readonly maxBoots = 10_000,
  ) {}

  static fromSnapshot(snapshot: SeenEventsSnapshot | undefined, windowPerBoot?: number, maxBoots?: number): SeenEvents {
    const seen = new SeenEvents(windowPerBoot, maxBoots);
    for (const [boot, seqs] of snapshot?.boots ?? []) seen.boots.set(boot, new Set(seqs));
    return seen;
  }

  private static bootKey(key: DeviceEventKey): string {
    return `${key.deviceId}|${key.bootId}`;
  }

  has(key: DeviceEventKey): boolean {
    return this.boots.get(SeenEvents.bootKey(key))?.has(key.seq) ?? false;
  }

  add(key: DeviceEventKey): void {
    const bootKey = SeenEvents.bootKey(key);
    let seqs = this.boots.get(bootKey);
    if (!seqs) {
      seqs = new Set();
      this.boots.set(bootKey, seqs);
      // Map order is insertion order: the oldest boot goes first.
      if (this.boots.size > this.maxBoots) this.boots.delete(this.boots.keys().next().value!);
    }
    seqs.add(key.seq);
    if (seqs.size > this.windowPerBoot) {
      const floor = key.seq - this.windowPerBoot;
      for (const seq of seqs) if (seq < floor) seqs.delete(seq);
    }
  }

  snapshot(): SeenEventsSnapshot {
    return { boots: [...this.boots].map(([boot, seqs]) => [boot, [...seqs]]) };
  }
}
