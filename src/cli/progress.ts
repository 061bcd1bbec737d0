/**
 * Progress for long commands: a bar with rate and ETA on a terminal, periodic plain lines
 * otherwise (logs, CI), so neither gets a wall of carriage returns.
 */
export interface Progress {
  tick(n?: number): void;
  setTotal(total: number | undefined): void;
  done(): void;
}

function fmtDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  return h ? `${h}h${String(m).padStart(2, '0')}m` : m ? `${m}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
}

export function createProgress(label: string, total?: number, stream: NodeJS.WriteStream = process.stderr, intervalMs = 5000): Progress {
  const tty = Boolean(stream.isTTY);
  const start = Date.now();
  let count = 0;
  let last = 0;
  let max = total;
  const line = () => {
    const elapsed = (Date.now() - start) / 1000;
    const rate = elapsed > 0 ? count / elapsed : 0;
    const eta = max && rate > 0 ? (max - count) / rate : NaN;
    if (tty) {
      const width = 30;
      const frac = max ? Math.min(1, count / max) : 0;
      const bar = max ? `[${'#'.repeat(Math.round(frac * width)).padEnd(width, '.')}] ` : '';
      return `\r${label} ${bar}${count}${max ? `/${max}` : ''}  ${rate.toFixed(0)}/s  ETA ${max ? fmtDuration(eta) : '?'}   `;
    }
    return `${label}: ${count}${max ? `/${max}` : ''} (${rate.toFixed(0)}/s${max ? `, ETA ${fmtDuration(eta)}` : ''})\n`;
  };
  return {
    tick(n = 1) {
      count += n;
      const now = Date.now();
      if (now - last >= (tty ? 200 : intervalMs)) {
        last = now;
        stream.write(line());
      }
    },
    setTotal(t) {
      max = t;
    },
    done() {
      stream.write(line() + (tty ? '\n' : ''));
    },
  };
}
