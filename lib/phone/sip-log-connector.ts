import type { LogConnector, LogLevel } from 'sip.js';
import type { Logger } from './types';

const RANK: Record<LogLevel, number> = { error: 0, warn: 1, log: 2, debug: 3 };

/**
 * Forwards SIP.js's log lines at `level` or above to our logger, one level down: SIP.js logs
 * routine network trouble (a closed socket, a lost transaction) as errors, and the phone reports
 * those itself through its states.
 *
 * The level check is ours on purpose: SIP.js 0.21's LoggerFactory.genericLog applies `logLevel`
 * to its built-in console printing only and hands every line, debug included, to the connector.
 * Unfiltered, that was ~13 debug lines per call in the offscreen document's console, and Chrome
 * keeps the last 1000 console messages with their strings in the JS heap whether or not DevTools
 * is open (the bench saw it as heap growth per call).
 */
export function sipLogConnector(level: LogLevel, logger: Logger): LogConnector {
  const max = RANK[level];
  return (lineLevel, category, _label, content) => {
    if (RANK[lineLevel] > max) return;
    const line = `${category}: ${content}`;
    if (lineLevel === 'error') logger.warn(line);
    else if (lineLevel === 'warn') logger.info(line);
    else logger.debug(line);
  };
}
