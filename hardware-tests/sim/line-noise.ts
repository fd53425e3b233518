// A noisy serial line: flips bits at a given bit error rate and drops whole bytes, reproducibly from a seed.
// Applied to the bytes between an emulated board and the port the bridge opens, in both directions.

export interface LineNoiseOptions {
  /** Probability that any one bit is inverted (1e-4 is a poor cable, 1e-3 a bad one). */
  readonly bitErrorRate?: number;
  /** Probability that a byte is lost entirely (framing errors, buffer overruns). */
  readonly byteDropRate?: number;
  readonly seed?: number;
}

export interface LineNoiseStats {
  bytesIn: number;
  bitsFlipped: number;
  bytesCorrupted: number;
  bytesDropped: number;
}

/** mulberry32: small, fast and good enough to place errors; a seed makes a failing run repeatable. */
function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let mixed = Math.imul(state ^ (state >>> 15), 1 | state);
    mixed = (mixed + Math.imul(mixed ^ (mixed >>> 7), 61 | mixed)) ^ mixed;
    return ((mixed ^ (mixed >>> 14)) >>> 0) / 4_294_967_296;
  };
}

export class LineNoise {
  readonly stats: LineNoiseStats = { bytesIn: 0, bitsFlipped: 0, bytesCorrupted: 0, bytesDropped: 0 };
  private readonly random: () => number;
  private bitErrorRate = 0;
  private byteDropRate = 0;
  private cut = false;

  constructor(options: LineNoiseOptions = {}) {
    this.setRates(options);
    this.random = seededRandom(options.seed ?? 1);
  }

  /** Changes the error rates mid-run (a cable that gets worse, or better). */
  setRates(options: Omit<LineNoiseOptions, 'seed'>): void {
    const bitErrorRate = options.bitErrorRate ?? 0;
    const byteDropRate = options.byteDropRate ?? 0;
    if (!(bitErrorRate >= 0 && bitErrorRate < 1)) throw new RangeError(`bitErrorRate must be in [0, 1): ${bitErrorRate}`);
    if (!(byteDropRate >= 0 && byteDropRate < 1)) throw new RangeError(`byteDropRate must be in [0, 1): ${byteDropRate}`);
    this.bitErrorRate = bitErrorRate;
    this.byteDropRate = byteDropRate;
  }

  /** Cuts this direction of the line entirely (every byte lost) or restores it. */
  setCut(cut: boolean): void {
    this.cut = cut;
  }

  get isClean(): boolean {
    return this.bitErrorRate === 0 && this.byteDropRate === 0 && !this.cut;
  }

  apply(chunk: Buffer): Buffer {
    this.stats.bytesIn += chunk.length;
    if (this.isClean) return chunk;
    if (this.cut) {
      this.stats.bytesDropped += chunk.length;
      return Buffer.alloc(0);
    }
    const out: number[] = [];
    for (const byte of chunk) {
      if (this.byteDropRate > 0 && this.random() < this.byteDropRate) {
        this.stats.bytesDropped += 1;
        continue;
      }
      let value = byte;
      if (this.bitErrorRate > 0) {
        for (let bit = 0; bit < 8; bit++) {
          if (this.random() < this.bitErrorRate) {
            value ^= 1 << bit;
            this.stats.bitsFlipped += 1;
          }
        }
        if (value !== byte) this.stats.bytesCorrupted += 1;
      }
      out.push(value);
    }
    return Buffer.from(out);
  }
}
