// Removes build outputs so a build never ships stale files (e.g. source maps of a development build).
import { rmSync } from 'node:fs';
for (const dir of ['dist', 'out']) rmSync(new URL(`../${dir}`, import.meta.url), { recursive: true, force: true });
