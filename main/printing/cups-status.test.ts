import { describe, expect, it } from 'vitest';
import { jobIdOf, queueState as stateWith, schedulerIsRunning } from './cups-status';

const queueState = (code: number, stdout: string, stderr: string) => stateWith(code, stdout, stderr, () => true);

const idle = `printer Bon is idle.  enabled since Sat Dec  5 09:01:37 2026
\tForm mounted:
\tAlerts: none
\tConnection: direct`;

describe('the receipt printer as lpstat reports it', () => {
  it('is ready when the queue is idle or printing and has no alerts', () => {
    expect(queueState(0, idle, '')).toBe('ready');
    expect(queueState(0, idle.replace('is idle.', 'now printing Bon-3.'), '')).toBe('ready');
  });

  it('is out of paper when CUPS lists a media-empty or media-needed reason, stopped queue or not', () => {
    const empty = `printer Bon disabled since Sat Dec  5 09:02:01 2026 -
\tout of paper
\tAlerts: media-empty-error paused`;
    expect(queueState(0, empty, '')).toBe('out-of-paper');
    expect(queueState(0, idle.replace('Alerts: none', 'Alerts: media-needed-warning'), '')).toBe('out-of-paper');
    expect(queueState(0, idle.replace('Alerts: none', 'Alerts: media-jam-error'), '')).toBe('paper-jam');
  });

  it('is stopped when the queue is disabled for another reason', () => {
    expect(queueState(0, 'printer Bon disabled since Sat Dec  5 09:02:01 2026 -\n\tPaused\n\tAlerts: paused', '')).toBe('stopped');
  });

  it('tells a missing queue from an unreachable print server', () => {
    expect(queueState(1, '', 'lpstat: Invalid destination name in list "Bon".')).toBe('missing');
    // The same words without a scheduler behind them: the print server is not there at all.
    expect(stateWith(1, '', 'lpstat: Invalid destination name in list "Bon".', () => schedulerIsRunning('scheduler is not running\n'))).toBe('unreachable');
    expect(schedulerIsRunning('scheduler is running\n')).toBe(true);
    expect(queueState(1, '', 'lpstat: No destinations added.')).toBe('missing');
    expect(queueState(1, '', 'lpstat: Bad file descriptor')).toBe('unreachable');
    expect(queueState(1, '', 'lpstat: Unable to connect to server: Connection refused')).toBe('unreachable');
  });

  it('reads the job id from lp', () => {
    expect(jobIdOf('request id is BonusBon-12 (1 file(s))\n')).toBe('BonusBon-12');
    expect(jobIdOf('')).toBeNull();
  });
});
