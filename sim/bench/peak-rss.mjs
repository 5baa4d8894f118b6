// Preloaded with `node --import`: when the process exits, writes its peak resident set size (kB) to the file
// named by MIRRORSIM_PEAK_RSS_FILE, so a bench can measure a child command as /usr/bin/time -v would.
import { writeFileSync } from 'node:fs';

const target = process.env.MIRRORSIM_PEAK_RSS_FILE;
if (target) process.on('exit', () => writeFileSync(target, `${process.resourceUsage().maxRSS}\n`));
