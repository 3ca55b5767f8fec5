import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { ClassroomConfig } from '../../shared/classroom';
import { layOutCourse } from '../../node/learnerWorkspace';
import type { CourseExercise } from '../../node/courseLoader';

/**
 * `dl-course classroom init <dir>`: the repository a class starts from (GitHub Classroom or a
 * GitLab group copies it per learner; an instructor may also gather every learner's folder in
 * one). The starters are laid out as *Open Course* lays them out (the same function), so the
 * extension recognises the folder as a course and keeps its layout; beside them, classroom.json
 * and CI files that grade every push with the CLI in N shard jobs, merge the shards and publish
 * a JUnit report, the grade book (CSV, JSON) and the HTML class report. Existing files are kept.
 */
export interface TemplateOptions {
  readonly dir: string;
  readonly exercises: readonly CourseExercise[];
  /** The TF.js declarations (dist/types); missing in a CLI built alone. */
  readonly typesSource: string;
  readonly schemaSource: string;
  readonly version: string;
  readonly shards: number;
  readonly classroom: ClassroomConfig;
}

export interface TemplateResult {
  readonly created: string[];
  readonly kept: string[];
  readonly warnings: string[];
}

export const CI_FILES = { gitlab: '.gitlab-ci.yml', github: path.join('.github', 'workflows', 'grade.yml') } as const;
export const DEFAULT_SHARDS = 4;

/** Where the CI jobs install the CLI from: the package `npm run pack:cli` makes in the course's repository (see README). */
const PACKAGE = './tools/dl-course.tgz';

const GRADE_CMD = (shard: string, seed: string, out: string) =>
  `dl-course grade --all . --classroom classroom.json --shard "${shard}" --seed "${seed}" --out "${out}" || [ $? -eq 1 ]`;

function gitlabCi(shards: number): string {
  return `# Grades every push with the dl-course CLI: ${shards} shard jobs (parallel: ${shards}), then one merge job
# that publishes the JUnit report (shown in merge requests), the grade book and the class report.
# "|| [ $? -eq 1 ]": exit 1 means "a check failed", which is a grade, not a broken job.
stages: [grade, merge]

variables:
  DL_COURSE_PACKAGE: "${PACKAGE}"

default:
  image: node:20-bookworm
  before_script:
    # bubblewrap isolates learner code (no network); without it the report says so.
    - apt-get update -qq && apt-get install -y -qq bubblewrap >/dev/null || echo "bubblewrap unavailable"
    - npm install -g --offline --no-audit --no-fund "$DL_COURSE_PACKAGE"

grade:
  stage: grade
  parallel: ${shards}
  script:
    - ${GRADE_CMD('$CI_NODE_INDEX/$CI_NODE_TOTAL', '$CI_PIPELINE_IID', 'shard-$CI_NODE_INDEX.json')}
  artifacts:
    when: always
    paths: [shard-*.json]
    expire_in: 1 week

merge:
  stage: merge
  when: always
  script:
    - dl-course merge shard-*.json --out grade-book.json
    - dl-course merge grade-book.json --format junit --out junit.xml
    - dl-course merge grade-book.json --format csv --out grade-book.csv
    - dl-course report grade-book.json --out class.html
  artifacts:
    when: always
    paths: [grade-book.json, grade-book.csv, class.html, junit.xml]
    reports:
      junit: junit.xml
`;
}

function githubWorkflow(shards: number): string {
  const list = Array.from({ length: shards }, (_, i) => i + 1).join(', ');
  return `# Grades every push with the dl-course CLI: a matrix of ${shards} shard jobs, then one merge job that
# publishes the JUnit report as a check, the grade book and the class report as artifacts.
# "|| [ $? -eq 1 ]": exit 1 means "a check failed", which is a grade, not a broken job.
name: grade

on:
  push:
  workflow_dispatch:

env:
  DL_COURSE_PACKAGE: "${PACKAGE}"

jobs:
  grade:
    runs-on: ubuntu-latest
    strategy:
      fail-fast: false
      matrix:
        shard: [${list}]
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - name: Install the grader
        run: |
          sudo apt-get install -y -qq bubblewrap || echo "bubblewrap unavailable"
          npm install -g --offline --no-audit --no-fund "$DL_COURSE_PACKAGE"
      - name: Grade shard \${{ matrix.shard }}/${shards}
        run: ${GRADE_CMD(`\${{ matrix.shard }}/${shards}`, '${{ github.run_number }}', 'shard-${{ matrix.shard }}.json')}
      - uses: actions/upload-artifact@v4
        with:
          name: shard-\${{ matrix.shard }}
          path: shard-\${{ matrix.shard }}.json

  merge:
    needs: grade
    if: always()
    runs-on: ubuntu-latest
    permissions:
      contents: read
      checks: write
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-node@v4
        with:
          node-version: 20
      - run: npm install -g --offline --no-audit --no-fund "$DL_COURSE_PACKAGE"
      - uses: actions/download-artifact@v4
        with:
          pattern: shard-*
          merge-multiple: true
      - name: Merge the shards
        run: |
          dl-course merge shard-*.json --out grade-book.json
          dl-course merge grade-book.json --format junit --out junit.xml
          dl-course merge grade-book.json --format csv --out grade-book.csv
          dl-course report grade-book.json --out class.html
      - uses: actions/upload-artifact@v4
        if: always()
        with:
          name: grade-book
          path: |
            grade-book.json
            grade-book.csv
            class.html
            junit.xml
      - name: Publish the JUnit report
        if: always()
        uses: mikepenz/action-junit-report@v5
        with:
          report_paths: junit.xml
          check_name: dl-course
`;
}

const README = (ids: readonly string[]) => `# Introduction au deep learning — class repository / dépôt de la classe

**English.** Open this folder in VS Code with the *DL Course* extension and run **DL Course: Open Course**:
it recognises the folder and keeps its layout. Each exercise is \`<exercise-id>/exercise.ts\`
(${ids.length} exercises). Every push is graded by the CI (\`.gitlab-ci.yml\` or \`.github/workflows/grade.yml\`)
with the \`dl-course\` CLI; the JUnit report shows each check, and the grade book follows \`classroom.json\`.
The CI installs the CLI from \`tools/dl-course.tgz\`, made in the course's repository by
\`npm run build && npm run pack:cli -- --out-dir <this folder>/tools --as dl-course.tgz\` (no dependencies: it installs offline).

**Français.** Ouvrez ce dossier dans VS Code avec l\u2019extension *DL Course* et lancez **DL Course: Open Course**\u00a0:
elle reconnaît le dossier et garde sa disposition. Chaque exercice est \`<id-exercice>/exercise.ts\`
(${ids.length} exercices). Chaque envoi (*push*) est noté par l\u2019intégration continue avec la commande \`dl-course\`\u00a0;
le rapport JUnit montre chaque vérification, et le carnet de notes suit \`classroom.json\`.
L\u2019intégration continue installe la commande depuis \`tools/dl-course.tgz\`, fait dans le dépôt du cours par
\`npm run build && npm run pack:cli -- --out-dir <ce dossier>/tools --as dl-course.tgz\` (sans dépendance\u00a0: il s\u2019installe hors ligne).
`;

const GITIGNORE = `shard-*.json
grade-book.*
class.html
junit.xml
*.partial.jsonl
node_modules/
`;

export function writeClassroomTemplate(o: TemplateOptions): TemplateResult {
  const created: string[] = [];
  const kept: string[] = [];
  const warnings: string[] = [];
  const listed = o.classroom.exercises;
  const exercises = o.exercises.filter((e) => !listed || e.manifest.id in listed);
  let types = o.typesSource;
  if (!fs.existsSync(types)) {
    types = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-course-types-'));
    warnings.push(
      `the TensorFlow.js declarations (${o.typesSource}) are missing: build the extension (npx webpack --config-name extension) for completion; Open Course adds them too`,
    );
  }
  try {
    const laid = layOutCourse(o.dir, exercises, types, o.version);
    created.push(...laid.created);
    kept.push(...laid.kept);
  } finally {
    if (types !== o.typesSource) fs.rmSync(types, { recursive: true, force: true });
  }
  const write = (rel: string, content: string) => {
    const file = path.join(o.dir, rel);
    if (fs.existsSync(file)) {
      kept.push(file);
      return;
    }
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { flag: 'wx' });
    created.push(file);
  };
  write(path.join('.dl-course', 'classroom.schema.json'), fs.readFileSync(o.schemaSource, 'utf8'));
  const { $schema: _schema, ...config } = o.classroom as ClassroomConfig & { $schema?: string };
  write('classroom.json', `${JSON.stringify({ $schema: './.dl-course/classroom.schema.json', ...config }, null, 2)}\n`);
  write(CI_FILES.gitlab, gitlabCi(o.shards));
  write(CI_FILES.github, githubWorkflow(o.shards));
  write('README.md', README(exercises.map((e) => e.manifest.id)));
  write('.gitignore', GITIGNORE);
  write(
    path.join('tools', 'README.md'),
    'Put here `dl-course.tgz`, the command-line grader as an npm package with no dependencies. In the course repository: `npm run build && npm run pack:cli -- --out-dir <this repository>/tools --as dl-course.tgz`. The CI jobs install it with `npm install -g ./tools/dl-course.tgz` (offline).\n',
  );
  return { created, kept, warnings };
}

/** classroom.json when none is given: every exercise counts, one point per check, late submissions flagged only. */
export function defaultClassroom(exercises: readonly CourseExercise[]): ClassroomConfig {
  return { pointsPerCheck: 1, lateFactor: 1, exercises: Object.fromEntries(exercises.map((e) => [e.manifest.id, {}])) };
}
