import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { CourseExercise } from '../../src/node/courseLoader';

export const tmp = (prefix: string): string => fs.mkdtempSync(path.join(os.tmpdir(), prefix));

/** Two exercises (only what layOutCourse reads: the id and the starter) and a tree of TF.js declarations, in a temp folder. */
export function learnerFolderFixture(): { exercises: CourseExercise[]; types: string } {
  const src = tmp('dlc-src-');
  const exercises = ['01-alpha', '02-beta'].map((id) => {
    const starterPath = path.join(src, `${id}.starter.ts`);
    fs.writeFileSync(starterPath, `// TODO ${id}\nexport const x = 0;\n`);
    return { manifest: { id }, starterPath } as unknown as CourseExercise;
  });
  const types = path.join(src, 'types');
  fs.mkdirSync(path.join(types, '@tensorflow', 'tfjs'), { recursive: true });
  fs.writeFileSync(path.join(types, '@tensorflow', 'tfjs', 'index.d.ts'), 'export declare const v: 1;\n');
  return { exercises, types };
}
