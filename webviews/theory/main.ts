import type { TheoryState, TheoryToHost } from '../../src/shared/protocol/theory';
import { pageConfig, postToHost, vscodeApi } from '../common/vscodeApi';

/**
 * The theory page: its text is already in the HTML, typeset (src/course/theoryHtml.ts). It only
 * remembers which exercise it shows, so that a reloaded window brings the same theory back.
 */
vscodeApi<TheoryState>().setState({ exerciseId: pageConfig('exerciseId') });
postToHost<TheoryToHost>({ type: 'ready' });
