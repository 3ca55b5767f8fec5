/**
 * Length-prefixed frames over a byte stream (a pipe between the checker and a learner process):
 * a 4-byte little-endian length, then the body. A reader refuses a frame larger than its limit
 * before buffering it, so a hostile process cannot make the other side hold gigabytes.
 */
export function frame(body: Uint8Array): Buffer {
  const head = Buffer.alloc(4);
  head.writeUInt32LE(body.byteLength, 0);
  return Buffer.concat([head, Buffer.from(body.buffer, body.byteOffset, body.byteLength)]);
}

export class FrameReader {
  private chunks: Buffer[] = [];
  private buffered = 0;
  private need = -1;
  private broken = false;

  constructor(
    private readonly maxBytes: number,
    private readonly onFrame: (body: Buffer) => void,
    private readonly onTooLarge: (bytes: number) => void,
  ) {}

  push(chunk: Buffer): void {
    if (this.broken) return;
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      if (this.need < 0) {
        if (this.buffered < 4) return;
        this.need = this.take(4).readUInt32LE(0);
        if (this.need > this.maxBytes) {
          this.broken = true;
          this.chunks = [];
          this.onTooLarge(this.need);
          return;
        }
      }
      if (this.buffered < this.need) return;
      const body = this.take(this.need);
      this.need = -1;
      this.onFrame(body);
    }
  }

  private take(n: number): Buffer {
    const all = this.chunks.length === 1 ? this.chunks[0]! : Buffer.concat(this.chunks);
    const head = all.subarray(0, n);
    const rest = all.subarray(n);
    this.chunks = rest.length ? [rest] : [];
    this.buffered = rest.length;
    return head;
  }
}
